"""The review queue: list and count items, claim one, record a decision under the four-eyes rule.

The same functions serve the CLI (``smugglewatch queue``) and the review app. Each write runs in its own short
transaction on the caller's connection; callers open the connection per request (``warehouse.db.session``) so the
batch loader can take the write lock in between.

Four eyes: an item becomes *referable* only when two different users confirmed it with the same label, or a
supervisor approved another user's confirmation. A user's latest decision is the one that counts, and nobody can
confirm the same item twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

from warehouse import audit
from warehouse.db import retry_on_conflict, transaction
from warehouse.users import User, require_user

LABELS = ("smuggling_offer", "document_fraud")
DECISIONS = ("confirm", "reject", "escalate", "approve")
STATUSES = ("new", "needs_second", "escalated", "referable", "rejected", "referred")
DEFAULT_CLAIM_TTL_S = 15 * 60
CLUSTER_FACETS = 20


class QueueError(Exception):
    """A decision or claim that the rules do not allow; the message says why and what to do."""


@dataclass(frozen=True)
class QueueItem:
    """One row of the queue as an analyst sees it (redacted text only)."""

    item_id: int
    post_key: str
    platform: str
    source: str
    url: str | None
    lang: str | None
    status: str
    label: str
    model_label: str
    score: float
    uncertain: bool
    priority: float
    cluster_id: str | None
    cluster_size: int
    claimed_by: str | None
    claim_expires_at: datetime | None
    created_at: datetime
    published_at: datetime | None
    text_redacted: str
    confirmations: int

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, datetime):
                out[key] = value.isoformat()
        return out


@dataclass(frozen=True)
class Decision:
    """The outcome of ``decide``."""

    decision_id: int
    item_id: int
    decision: str
    status: str
    label: str | None
    warnings: list[str] = field(default_factory=list)


_ITEM_SELECT = """
SELECT r.item_id, r.post_key, p.platform, p.source, p.url, p.lang, r.status,
       coalesce(r.final_label, r.model_label) AS label, r.model_label, r.score, r.uncertain, r.priority,
       r.cluster_id, r.cluster_size,
       CASE WHEN r.claim_expires_at > now() THEN r.claimed_by END AS claimed_by,
       CASE WHEN r.claim_expires_at > now() THEN r.claim_expires_at END AS claim_expires_at,
       r.created_at, p.published_at, p.text_redacted,
       (SELECT count(DISTINCT d.username) FROM decisions d WHERE d.item_id = r.item_id AND d.decision = 'confirm')
FROM review_items r JOIN posts p USING (post_key)
"""


def _where(
    platform: str | None = None,
    lang: str | None = None,
    label: str | None = None,
    status: str | list[str] | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    cluster_id: str | None = None,
    unclaimed_only: bool = False,
) -> tuple[str, list[Any]]:
    clauses, params = ["TRUE"], []
    for column, value in (("p.platform", platform), ("p.lang", lang), ("r.cluster_id", cluster_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if label is not None:
        clauses.append("coalesce(r.final_label, r.model_label) = ?")
        params.append(label)
    if status is not None:
        statuses = [status] if isinstance(status, str) else list(status)
        unknown = set(statuses) - set(STATUSES)
        if unknown:
            raise QueueError(f"unknown status {sorted(unknown)}; use one of {', '.join(STATUSES)}")
        clauses.append("list_contains(?, r.status)")
        params.append(statuses)
    if min_score is not None:
        clauses.append("r.score >= ?")
        params.append(min_score)
    if max_score is not None:
        clauses.append("r.score <= ?")
        params.append(max_score)
    if unclaimed_only:
        clauses.append("(r.claim_expires_at IS NULL OR r.claim_expires_at <= now())")
    return " AND ".join(clauses), params


def list_items(conn: duckdb.DuckDBPyConnection, *, limit: int = 50, offset: int = 0, **filters: Any) -> list[QueueItem]:
    """Items matching the filters (platform, lang, label, status, min_score, max_score, cluster_id,
    unclaimed_only), highest priority first."""
    where, params = _where(**filters)
    rows = conn.execute(
        f"{_ITEM_SELECT} WHERE {where} ORDER BY r.priority DESC, r.item_id LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return [QueueItem(*row) for row in rows]


def get_item(conn: duckdb.DuckDBPyConnection, item_id: int) -> QueueItem | None:
    """One item, or None."""
    row = conn.execute(f"{_ITEM_SELECT} WHERE r.item_id = ?", [int(item_id)]).fetchone()
    return QueueItem(*row) if row else None


def counts(conn: duckdb.DuckDBPyConnection, **filters: Any) -> dict[str, Any]:
    """Totals by status, platform, label and language for the filtered queue (drives the app's facets)."""
    where, params = _where(**filters)
    base = f"FROM review_items r JOIN posts p USING (post_key) WHERE {where}"
    out: dict[str, Any] = {"total": conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]}
    for name, expr in (
        ("by_status", "r.status"),
        ("by_platform", "p.platform"),
        ("by_label", "coalesce(r.final_label, r.model_label)"),
        ("by_lang", "coalesce(p.lang, 'und')"),
    ):
        rows = conn.execute(f"SELECT {expr}, count(*) {base} GROUP BY 1 ORDER BY 1", params).fetchall()
        out[name] = dict(rows)
    rows = conn.execute(
        f"""SELECT r.cluster_id, count(*) {base} AND r.cluster_size > 1
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {CLUSTER_FACETS}""",
        params,
    ).fetchall()
    out["by_cluster"] = dict(rows)  # the largest linked-advert clusters among the filtered items
    return out


def decisions_of(conn: duckdb.DuckDBPyConnection, item_id: int) -> list[dict[str, Any]]:
    """The decision history of one item, oldest first; ``earlier_text`` marks decisions on a since-edited text."""
    cursor = conn.execute(
        """SELECT d.decision_id, d.username, d.role, d.decision, d.label, d.reason, d.note, d.status_after,
                  d.decided_at, d.content_hash <> r.content_hash AS earlier_text
           FROM decisions d JOIN review_items r USING (item_id) WHERE d.item_id = ? ORDER BY d.decision_id""",
        [int(item_id)],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@retry_on_conflict
def claim(conn: duckdb.DuckDBPyConnection, item_id: int, username: str, ttl_s: int = DEFAULT_CLAIM_TTL_S) -> datetime:
    """Reserve an item for ``username`` until the returned time, so two analysts do not work on it at once."""
    with transaction(conn):
        require_user(conn, username, ("analyst", "supervisor"))
        holder = _active_claim(conn, _item_row(conn, item_id)["item_id"])
        if holder and holder[0] != username:
            raise QueueError(f"item {item_id} is claimed by {holder[0]} until {holder[1]:%H:%M UTC}; pick another")
        expires = datetime.now(UTC) + timedelta(seconds=ttl_s)
        conn.execute(
            "UPDATE review_items SET claimed_by = ?, claim_expires_at = ? WHERE item_id = ?",
            [username, expires, int(item_id)],
        )
    return expires


@retry_on_conflict
def release(conn: duckdb.DuckDBPyConnection, item_id: int, username: str) -> None:
    """Give a claim back (no-op when ``username`` does not hold it)."""
    with transaction(conn):
        conn.execute(
            "UPDATE review_items SET claimed_by = NULL, claim_expires_at = NULL WHERE item_id = ? AND claimed_by = ?",
            [int(item_id), username],
        )


def _item_row(conn: duckdb.DuckDBPyConnection, item_id: int) -> dict[str, Any]:
    cursor = conn.execute(
        "SELECT item_id, post_key, content_hash, status, model_label FROM review_items WHERE item_id = ?",
        [int(item_id)],
    )
    row = cursor.fetchone()
    if row is None:
        raise QueueError(f"no review item {item_id}; see `smugglewatch queue list`")
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def _active_claim(conn: duckdb.DuckDBPyConnection, item_id: int) -> tuple[str, datetime] | None:
    row = conn.execute(
        "SELECT claimed_by, claim_expires_at FROM review_items WHERE item_id = ? AND claim_expires_at > now()",
        [int(item_id)],
    ).fetchone()
    return (row[0], row[1]) if row and row[0] else None


@retry_on_conflict
def decide(
    conn: duckdb.DuckDBPyConnection,
    item_id: int,
    username: str,
    decision: str,
    label: str | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> Decision:
    """Record one decision (append-only) and move the item to the status the four-eyes rule gives."""
    if decision not in DECISIONS:
        raise QueueError(f"unknown decision {decision!r}; use one of {', '.join(DECISIONS)}")
    if label is not None and label not in LABELS:
        raise QueueError(f"unknown label {label!r}; use one of {', '.join(LABELS)}")
    with transaction(conn):
        user = require_user(conn, username, ("analyst", "supervisor"))
        item = _item_row(conn, item_id)
        _check_allowed(conn, item, user, decision)
        history = _latest_by_user(conn, item["item_id"])
        label = _decision_label(item, history, user, decision, label)
        history.pop(user.username, None)
        history[user.username] = (decision, label, user.role)
        status, final_label = status_from(history)
        decision_id = conn.execute(
            """INSERT INTO decisions (item_id, post_key, content_hash, username, role, decision, label, reason, note,
                                      status_after, decided_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) RETURNING decision_id""",
            [
                item["item_id"],
                item["post_key"],
                item["content_hash"],
                user.username,
                user.role,
                decision,
                label,
                reason,
                note,
                status,
            ],
        ).fetchone()[0]
        conn.execute(
            """UPDATE review_items SET status = ?, final_label = ?, updated_at = now(),
                      referable_at = CASE WHEN ? = 'referable' THEN coalesce(referable_at, now()) END,
                      claimed_by = NULL, claim_expires_at = NULL
               WHERE item_id = ?""",
            [status, final_label, status, item["item_id"]],
        )
        _audit(
            conn,
            operation="alteration",
            actor=user.username,
            role=user.role,
            object_type="review_item",
            object_id=str(item["item_id"]),
            justification=reason,
            details={"decision": decision, "label": label, "status": status},
        )
    return Decision(decision_id, item["item_id"], decision, status, final_label)


def _audit(conn: duckdb.DuckDBPyConnection, **entry: Any) -> None:
    """Audit inside the decision's transaction; a refused entry (personal data in a reason) refuses the decision."""
    try:
        audit.record(conn, **entry)
    except audit.AuditRefusedError as exc:
        raise QueueError(f"{exc}; rephrase the reason without identifiers") from None


def _check_allowed(conn: duckdb.DuckDBPyConnection, item: dict[str, Any], user: User, decision: str) -> None:
    if item["status"] == "referred":
        raise QueueError(f"item {item['item_id']} was already referred; record the platform's outcome instead")
    if decision == "approve" and user.role != "supervisor":
        raise QueueError(f"only a supervisor can approve; {user.username} is an {user.role}")
    holder = _active_claim(conn, item["item_id"])
    if holder and holder[0] != user.username:
        raise QueueError(f"item {item['item_id']} is claimed by {holder[0]} until {holder[1]:%H:%M UTC}")


def _latest_by_user(conn: duckdb.DuckDBPyConnection, item_id: int) -> dict[str, tuple[str, str | None, str]]:
    """Each user's latest decision on the item's current text (decisions on an earlier version no longer count)."""
    rows = conn.execute(
        """SELECT d.username, d.decision, d.label, d.role FROM decisions d JOIN review_items r USING (item_id)
           WHERE d.item_id = ? AND d.content_hash = r.content_hash ORDER BY d.decision_id""",
        [item_id],
    ).fetchall()
    latest: dict[str, tuple[str, str | None, str]] = {}
    for username, decision, label, role in rows:
        latest.pop(username, None)  # re-insert so the dict's order is the order of each user's latest decision
        latest[username] = (decision, label, role)
    return latest


def _decision_label(
    item: dict[str, Any],
    history: dict[str, tuple[str, str | None, str]],
    user: User,
    decision: str,
    label: str | None,
) -> str | None:
    """The label a confirm or approve stands for; enforces "nobody confirms twice" and "approve someone else's"."""
    if decision == "confirm":
        if history.get(user.username, ("",))[0] == "confirm":
            raise QueueError(
                f"{user.username} already confirmed item {item['item_id']}; a second, different user must confirm"
            )
        label = label or (item["model_label"] if item["model_label"] in LABELS else None)
        if label is None:
            raise QueueError("the model did not give a referable label; pass --label smuggling_offer|document_fraud")
    if decision == "approve":
        others = [lab for u, (d, lab, _) in history.items() if d == "confirm" and u != user.username]
        if not others:
            raise QueueError(
                f"item {item['item_id']} has no confirmation by another user to approve; an analyst confirms first"
            )
        label = label or others[-1]
    return label if decision in ("confirm", "approve") else None


def status_from(history: dict[str, tuple[str, str | None, str]]) -> tuple[str, str | None]:
    """The item's status and final label from each user's latest decision (insertion order = time order)."""
    confirms = {u: lab for u, (d, lab, _) in history.items() if d == "confirm"}
    supervisor = [
        (u, d, lab) for u, (d, lab, role) in history.items() if role == "supervisor" and d in ("approve", "reject")
    ]
    if supervisor:
        sup_user, sup_decision, sup_label = supervisor[-1]
        if sup_decision == "reject":
            return "rejected", None
        if any(u != sup_user for u in confirms):
            return "referable", sup_label
    labels = set(confirms.values())
    decisions = [d for d, _, _ in history.values()]
    if len(confirms) >= 2:
        return ("referable", labels.pop()) if len(labels) == 1 else ("escalated", None)
    if confirms and "reject" in decisions:
        return "escalated", None
    if "escalate" in decisions:
        return "escalated", None
    if confirms:
        return "needs_second", None
    if "reject" in decisions:
        return "rejected", None
    return "new", None
