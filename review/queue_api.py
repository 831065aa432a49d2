"""The app's one door to the review queue: ``warehouse.queue`` (the same functions as the CLI).

Queue rules (order, claims, four-eyes) live there; this module maps the filter form onto its arguments and turns
the queue's refusals (``QueueError``, ``UserError``) into ``Conflict`` pages that show the message as is.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import duckdb

from review.web import Conflict
from warehouse import queue
from warehouse.users import UserError

STATUSES = queue.STATUSES
OPEN = ("new", "needs_second", "escalated")
REJECT_REASONS = (
    ("news", "news report"),
    ("ngo", "NGO / humanitarian"),
    ("legal_service", "legal service"),
    ("other", "other"),
)
MAX_ROWS = 200
CLUSTER_CHOICES = 12


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filter form. None of these is personal data, so they may sit in the URL.

    ``status`` "open" (the default) means new, needs second or escalated; "all" means any status.
    """

    status: str = "open"
    platform: str | None = None
    language: str | None = None
    label: str | None = None
    cluster: str | None = None
    score_min: float | None = None
    score_max: float | None = None

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    def without(self, name: str) -> QueueFilters:
        """The same filters with one facet cleared (a facet counts over the other filters)."""
        default = "all" if name == "status" else None
        return replace(self, **{name: default})

    def as_kwargs(self) -> dict[str, Any]:
        """Arguments for ``warehouse.queue.list_items`` / ``counts``."""
        status: Any = {"open": list(OPEN), "all": None}.get(self.status, self.status)
        if status is not None and status not in STATUSES and not isinstance(status, list):
            status = list(OPEN)
        out = {
            "status": status,
            "platform": self.platform,
            "lang": self.language,
            "label": self.label,
            "cluster_id": self.cluster,
            "min_score": self.score_min,
            "max_score": self.score_max,
        }
        return {k: v for k, v in out.items() if v is not None}


FILTER_NAMES = tuple(f.name for f in fields(QueueFilters))


def list_items(conn: duckdb.DuckDBPyConnection, filters: QueueFilters, limit: int = MAX_ROWS) -> list[queue.QueueItem]:
    return queue.list_items(conn, limit=limit, **filters.as_kwargs())


def facet_counts(
    conn: duckdb.DuckDBPyConnection, filters: QueueFilters
) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The total and, per facet, (value, count) over the other filters, so each choice shows what it would give."""
    cache: dict[str, dict[str, Any]] = {}

    def counts_for(f: QueueFilters) -> dict[str, Any]:
        key = repr(sorted(f.as_kwargs().items()))  # an unset facet gives the same query as the base: ask once
        if key not in cache:
            cache[key] = queue.counts(conn, **f.as_kwargs())
        return cache[key]

    total = counts_for(filters)["total"]
    facets: dict[str, list[tuple[str, int]]] = {}
    for name, key in (("platform", "by_platform"), ("language", "by_lang"), ("label", "by_label")):
        facets[name] = sorted(counts_for(filters.without(name))[key].items())
    by_status = counts_for(filters.without("status"))["by_status"]
    open_count = sum(by_status.get(s, 0) for s in OPEN)
    facets["status"] = [("open", open_count), ("all", sum(by_status.values()))] + [
        (s, by_status[s]) for s in STATUSES if by_status.get(s)
    ]
    facets["cluster"] = _cluster_counts(conn, filters.without("cluster"))
    return total, facets


def _cluster_counts(conn: duckdb.DuckDBPyConnection, filters: QueueFilters) -> list[tuple[str, int]]:
    """Largest linked-advert clusters among the filtered items (local until warehouse.queue.counts gives them)."""
    rows = list_items(conn, filters, limit=5000)
    sizes: dict[str, int] = {}
    for row in rows:
        if row.cluster_id and row.cluster_size > 1:
            sizes[row.cluster_id] = sizes.get(row.cluster_id, 0) + 1
    return sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:CLUSTER_CHOICES]


def open_ids(conn: duckdb.DuckDBPyConnection) -> list[int]:
    """Open items in queue order: what j/k walk through."""
    return [r.item_id for r in list_items(conn, QueueFilters(), limit=2000)]


def decisions_of(conn: duckdb.DuckDBPyConnection, item_id: int) -> list[dict[str, Any]]:
    return queue.decisions_of(conn, item_id)


def claim(conn: duckdb.DuckDBPyConnection, item_id: int, username: str, minutes: float) -> None:
    try:
        queue.claim(conn, item_id, username, ttl_s=int(minutes * 60))
    except (queue.QueueError, UserError) as exc:
        raise Conflict(str(exc), item_id) from None


def release(conn: duckdb.DuckDBPyConnection, item_id: int, username: str) -> None:
    queue.release(conn, item_id, username)


def decide(conn: duckdb.DuckDBPyConnection, item_id: int, username: str, **decision: Any) -> queue.Decision:
    try:
        return queue.decide(conn, item_id, username, **decision)
    except (queue.QueueError, UserError) as exc:
        raise Conflict(str(exc), item_id) from None
