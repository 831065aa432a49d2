"""Retention: expired data is really deleted, per data class, and each erasure is logged as metadata."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from redaction import audit
from redaction.retention import Policy, purge
from redaction.vault import Vault
from smugglewatch.settings import Settings

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


@pytest.fixture
def warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB file with the whole warehouse schema (warehouse, review and redaction migrations)."""
    from warehouse.migrations import migrate

    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    connection.execute("SET TimeZone = 'UTC'")
    migrate(connection)
    yield connection
    connection.close()


def _post(conn: duckdb.DuckDBPyConnection, key: str, last_seen: datetime) -> None:
    platform, source, native = key.split(":")
    conn.execute(
        "INSERT INTO posts (post_key, platform, source, native_id, text_redacted, content_hash, version, first_seen,"
        " last_seen) VALUES (?, ?, ?, ?, 'redacted ⟨PHONE:k1:00000000⟩', 'h', 1, ?, ?)",
        [key, platform, source, native, last_seen, last_seen],
    )
    conn.execute(
        "INSERT INTO post_versions (post_key, content_hash, text_redacted, captured_at) VALUES (?, 'h', 'r', ?)",
        [key, last_seen],
    )


def _review(conn: duckdb.DuckDBPyConnection, key: str, status: str, updated: datetime) -> int:
    return conn.execute(
        "INSERT INTO review_items (post_key, status, model_label, score, uncertain, model_version, content_hash,"
        " priority, created_at, updated_at) VALUES (?, ?, 'smuggling_offer', 0.9, false, 'm1', 'h', 1, ?, ?)"
        " RETURNING item_id",
        [key, status, updated, updated],
    ).fetchone()[0]


def _referral(conn: duckdb.DuckDBPyConnection, key: str, item_id: int, outcome_at: datetime | None) -> None:
    conn.execute(
        "INSERT INTO referrals (referral_id, batch_id, item_id, post_key, platform, category, created_at, outcome,"
        " outcome_at) VALUES (?, 'b1', ?, ?, 'telegram', 'smuggling_offer', ?, ?, ?)",
        [f"r-{item_id}", item_id, key, _days_ago(400), "removed" if outcome_at else None, outcome_at],
    )


def _keys(conn: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in conn.execute(f"SELECT post_key FROM {table}").fetchall()}


def test_the_default_policy_matches_the_documented_ttls(settings: Settings) -> None:
    policy = Policy.from_settings(settings, NOW)
    assert NOW - policy.unflagged == timedelta(days=30)
    assert NOW - policy.rejected == timedelta(days=180)
    assert NOW - policy.referred == timedelta(days=183)
    assert NOW - policy.audit == timedelta(days=3 * 365)


def test_when_posts_expire_per_class_then_purge_deletes_exactly_those_with_their_originals(
    warehouse: duckdb.DuckDBPyConnection, settings: Settings
) -> None:
    vault = Vault.from_settings(settings)
    keys = {
        "old_unflagged": ("telegram:c:1", _days_ago(31)),
        "new_unflagged": ("telegram:c:2", _days_ago(5)),
        "old_rejected": ("telegram:c:3", _days_ago(400)),
        "new_rejected": ("telegram:c:4", _days_ago(400)),
        "old_referred": ("telegram:c:5", _days_ago(400)),
        "pending_referral": ("telegram:c:6", _days_ago(400)),
    }
    for key, seen in keys.values():
        _post(warehouse, key, seen)
        vault.store(warehouse, f"{key}@h", f"original of {key}", actor="loader")
    _review(warehouse, "telegram:c:3", "rejected", _days_ago(181))
    _review(warehouse, "telegram:c:4", "rejected", _days_ago(10))
    _referral(warehouse, "telegram:c:5", _review(warehouse, "telegram:c:5", "referred", _days_ago(300)), _days_ago(200))
    _referral(warehouse, "telegram:c:6", _review(warehouse, "telegram:c:6", "referred", _days_ago(300)), None)

    counts = purge(warehouse, settings, now=NOW)

    assert counts["unflagged_posts"] == 1 and counts["rejected_flags"] == 1 and counts["referred_items"] == 1
    remaining = {"telegram:c:2", "telegram:c:4", "telegram:c:6"}
    assert _keys(warehouse, "posts") == remaining
    assert _keys(warehouse, "post_versions") == remaining
    assert _keys(warehouse, "review_items") == {"telegram:c:4", "telegram:c:6"}
    assert _keys(warehouse, "referrals") == {"telegram:c:6"}
    vault_ids = {r[0] for r in warehouse.execute("SELECT object_id FROM vault").fetchall()}
    assert vault_ids == {f"{k}@h" for k in remaining}
    erasures = [e for e in audit.entries(warehouse) if e["operation"] == "erasure"]
    assert {e["object_type"] for e in erasures} == {"unflagged_posts", "rejected_flags", "referred_items"}
    assert all("original of" not in str(e) for e in erasures)
    assert audit.verify(warehouse).ok


def test_when_vault_originals_and_audit_entries_expire_then_they_are_deleted(
    conn: duckdb.DuckDBPyConnection, settings: Settings
) -> None:
    vault = Vault.from_settings(settings)
    conn.execute(
        "INSERT INTO vault SELECT * FROM (SELECT ?::VARCHAR, ?::VARCHAR, ?::BLOB, ?::BLOB, ?::VARCHAR, ?::TIMESTAMPTZ)",
        list(vault.seal("old@1", "old original", stored_at=_days_ago(200)).values()),
    )
    vault.store(conn, "new@1", "new original", actor="loader")
    audit.record_many(conn, [{"operation": "collection", "actor": "l", "role": "system", "at": _days_ago(1200)}] * 2)

    dry = purge(conn, settings, now=NOW, dry_run=True)
    assert dry["vault_originals"] == 1 and dry["audit_entries"] == 2
    assert conn.execute("SELECT count(*) FROM vault").fetchone()[0] == 2

    counts = purge(conn, settings, now=NOW)
    assert counts["vault_originals"] == 1 and counts["audit_entries"] >= 1
    assert [r[0] for r in conn.execute("SELECT object_id FROM vault").fetchall()] == ["new@1"]
    assert conn.execute('SELECT count(*) FROM audit_log WHERE "at" < ?', [_days_ago(1000)]).fetchone()[0] == 0
    assert audit.verify(conn).ok


def test_when_nothing_has_expired_then_purge_deletes_nothing(
    conn: duckdb.DuckDBPyConnection, settings: Settings
) -> None:
    Vault.from_settings(settings).store(conn, "new@1", "text", actor="loader")
    counts = purge(conn, settings, now=NOW + timedelta(days=1))
    assert set(counts.values()) == {0}
    assert conn.execute("SELECT count(*) FROM vault").fetchone()[0] == 1
