"""Retention: a time-to-live per data class, and a purge that really deletes what has expired.

Data classes (days from ``settings.retention``):
- unflagged posts: posts the classifier did not send to review, counted from when they were last seen;
- rejected flags: review items an analyst rejected, counted from the last update;
- referred items: counted from the platform's outcome;
- vault originals: counted from sealing (and removed earlier together with their post);
- audit log: counted from the entry's time (an anchor entry keeps the chain verifiable).

Each erasure is logged as metadata only: the class, the count and the object ids, never content. Warehouse tables
that are not migrated yet are skipped, so the purge works on any schema state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb

from redaction import audit

ACTOR = "retention"
ROLE = "system"
# Tables keyed by post_key whose rows go with the post.
_POST_TABLES = ("post_versions", "comments", "assessments", "indicators", "post_clusters", "posts")


@dataclass(frozen=True)
class Policy:
    """Cut-off times, one per data class: anything older is expired."""

    unflagged: datetime
    rejected: datetime
    referred: datetime
    vault: datetime
    audit: datetime

    @classmethod
    def from_settings(cls, settings: object, now: datetime | None = None) -> Policy:
        now = now or datetime.now(UTC)
        r = settings.retention
        return cls(
            unflagged=now - timedelta(days=r.unflagged_days),
            rejected=now - timedelta(days=r.rejected_days),
            referred=now - timedelta(days=r.referred_days_after_outcome),
            vault=now - timedelta(days=r.vault_days),
            audit=now - timedelta(days=r.audit_days),
        )


def _exists(conn: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary", [table])
    return bool(row.fetchall()[0][0])


def _column(rows: list[tuple]) -> list[str]:
    return [r[0] for r in rows]


def expired_unflagged(conn: duckdb.DuckDBPyConnection, cutoff: datetime) -> list[str]:
    if not _exists(conn, "posts"):
        return []
    review = "AND post_key NOT IN (SELECT post_key FROM review_items)" if _exists(conn, "review_items") else ""
    sql = f"SELECT post_key FROM posts WHERE last_seen < ? {review} ORDER BY post_key"
    return _column(conn.execute(sql, [cutoff]).fetchall())


def expired_rejected(conn: duckdb.DuckDBPyConnection, cutoff: datetime) -> list[str]:
    if not _exists(conn, "review_items"):
        return []
    sql = "SELECT post_key FROM review_items WHERE status = 'rejected' AND updated_at < ? ORDER BY post_key"
    return _column(conn.execute(sql, [cutoff]).fetchall())


def expired_referred(conn: duckdb.DuckDBPyConnection, cutoff: datetime) -> list[str]:
    if not _exists(conn, "referrals"):
        return []
    sql = (
        "SELECT post_key FROM referrals GROUP BY post_key "
        "HAVING bool_and(outcome_at IS NOT NULL) AND max(outcome_at) < ? ORDER BY post_key"
    )
    return _column(conn.execute(sql, [cutoff]).fetchall())


def _delete_posts(conn: duckdb.DuckDBPyConnection, keys: list[str], with_review: bool) -> int:
    """Delete posts and everything keyed by them (vault originals included)."""
    tables = list(_POST_TABLES)
    if with_review:
        tables = ["referrals", "decisions", "review_items", *tables]
    for table in tables:
        if _exists(conn, table):
            conn.execute(f"DELETE FROM {table} WHERE post_key IN (SELECT unnest(?))", [keys])
    if _exists(conn, "vault"):
        conn.execute(
            # object ids are "<post_key>@<content_hash>" (warehouse.load.vault_object_id); keys may contain '@'
            "DELETE FROM vault WHERE regexp_replace(object_id, '@[^@]*$', '') IN (SELECT unnest(?)) "
            "OR object_id IN (SELECT unnest(?))",
            [keys, keys],
        )
    return len(keys)


def _erasure(conn: duckdb.DuckDBPyConnection, data_class: str, ids: list[str], actor: str) -> None:
    audit.record(conn, "erasure", actor, ROLE, data_class, None, details={"count": len(ids), "ids": ids})


def purge(
    conn: duckdb.DuckDBPyConnection,
    settings: object,
    now: datetime | None = None,
    dry_run: bool = False,
    actor: str = ACTOR,
) -> dict[str, int]:
    """Delete every expired row; return counts per data class (what would go, with ``dry_run``)."""
    policy = Policy.from_settings(settings, now)
    post_classes = {
        "unflagged_posts": (expired_unflagged(conn, policy.unflagged), False),
        "rejected_flags": (expired_rejected(conn, policy.rejected), True),
        "referred_items": (expired_referred(conn, policy.referred), True),
    }
    vault_ids = _column(
        conn.execute("SELECT object_id FROM vault WHERE stored_at < ? ORDER BY object_id", [policy.vault]).fetchall()
    )
    counts = {name: len(keys) for name, (keys, _) in post_classes.items()}
    counts["vault_originals"] = len(vault_ids)
    if dry_run:
        counts["audit_entries"] = conn.execute(
            'SELECT count(*) FROM audit_log WHERE "at" < ?', [policy.audit]
        ).fetchall()[0][0]
        return counts
    for name, (keys, with_review) in post_classes.items():
        if keys:
            _delete_posts(conn, keys, with_review)
            _erasure(conn, name, keys, actor)
    if vault_ids:
        conn.execute("DELETE FROM vault WHERE object_id IN (SELECT unnest(?))", [vault_ids])
        _erasure(conn, "vault_originals", vault_ids, actor)
    counts["audit_entries"] = audit.purge_before(conn, policy.audit, actor, ROLE)
    return counts
