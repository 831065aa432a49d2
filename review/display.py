"""Read-only views of warehouse rows for the pages: one item with its post, assessment, indicators, cluster and
decisions. No queue rule lives here; ordering, claims and decisions come from ``warehouse.queue``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

EXCERPT_CHARS = 160


@dataclass
class ItemView:
    """Everything the item page shows about one review item."""

    item_id: int
    post_key: str
    status: str
    model_label: str
    final_label: str | None
    score: float
    uncertain: bool
    model_version: str
    content_hash: str
    cluster_id: str | None
    cluster_size: int
    created_at: datetime
    claimed_by: str | None
    claim_expires_at: datetime | None
    platform: str
    source: str
    url: str | None
    text_redacted: str
    lang: str | None
    lang_prob: float | None
    published_at: datetime | None
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)

    @property
    def url_is_web(self) -> bool:
        """Only http(s) URLs become links: a javascript: or data: URL from a post stays text."""
        return bool(self.url) and self.url.lower().startswith(("https://", "http://"))

    def claim_state(self, username: str, now: datetime | None = None) -> str:
        """ "mine", "other" or "free" (an expired claim is free)."""
        now = now or datetime.now(UTC)
        if not self.claimed_by or not self.claim_expires_at or self.claim_expires_at <= now:
            return "free"
        return "mine" if self.claimed_by == username else "other"


def _json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return default


def load_item(conn: duckdb.DuckDBPyConnection, item_id: int) -> ItemView | None:
    row = conn.execute(
        """SELECT r.item_id, r.post_key, r.status, r.model_label, r.final_label, r.score, r.uncertain,
                  r.model_version, r.content_hash, r.cluster_id, r.cluster_size, r.created_at, r.claimed_by,
                  r.claim_expires_at, p.platform, p.source, p.url, p.text_redacted, p.lang, p.lang_prob,
                  p.published_at, a.scores::VARCHAR, a.evidence::VARCHAR
           FROM review_items r JOIN posts p USING (post_key)
           LEFT JOIN assessments a ON a.post_key = r.post_key AND a.content_hash = r.content_hash
                                  AND a.model_version = r.model_version
           WHERE r.item_id = ?""",
        [item_id],
    ).fetchone()
    if row is None:
        return None
    *head, scores, evidence = row
    return ItemView(*head, scores=_json(scores, {}), evidence=_json(evidence, []))


def indicators(conn: duckdb.DuckDBPyConnection, post_key: str) -> list[dict]:
    rows = conn.execute(
        "SELECT kind, value FROM indicators WHERE post_key = ? ORDER BY kind, value", [post_key]
    ).fetchall()
    return [{"kind": k, "value": v} for k, v in rows]


def comments(conn: duckdb.DuckDBPyConnection, post_key: str) -> list[dict]:
    rows = conn.execute(
        "SELECT by_poster, text_redacted FROM comments WHERE post_key = ? ORDER BY seq", [post_key]
    ).fetchall()
    return [{"by_poster": b, "text_redacted": t} for b, t in rows]


def cluster_members(conn: duckdb.DuckDBPyConnection, cluster_id: str | None) -> list[dict]:
    """Every post of a cluster with its review item (if flagged), label and redacted text, best first."""
    if not cluster_id:
        return []
    rows = conn.execute(
        """SELECT r.item_id, p.post_key, p.platform, p.lang, coalesce(r.model_label, a.label) AS label,
                  coalesce(r.score, a.score) AS score, r.status, r.final_label, p.text_redacted,
                  a.evidence::VARCHAR AS evidence
           FROM post_clusters c JOIN posts p USING (post_key)
           LEFT JOIN review_items r USING (post_key)
           LEFT JOIN assessments a ON a.post_key = p.post_key AND a.content_hash = p.content_hash
           WHERE c.cluster_id = ?
           QUALIFY row_number() OVER (PARTITION BY p.post_key ORDER BY a.assessed_at DESC NULLS LAST) = 1
           ORDER BY r.priority DESC NULLS LAST, p.post_key""",
        [cluster_id],
    ).fetchall()
    names = ("item_id", "post_key", "platform", "lang", "model_label", "score", "status", "final_label", "text")
    return [{**dict(zip(names, r[:-1], strict=True)), "evidence": _json(r[-1], [])} for r in rows]


def excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"
