"""The queue page: flagged items in the warehouse's priority order, filters with counts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from review import queue_api
from review.display import excerpt
from review.queue_api import QueueFilters
from review.web import CanView, Conn, render

router = APIRouter()
NOTICES = {
    "confirm": "Confirmed.",
    "reject": "Rejected.",
    "escalate": "Escalated to a supervisor.",
    "bulk": "Cluster decided.",
    "empty": "That was the last open item in the queue.",
}
FACETS = (
    ("status", "Status"),
    ("platform", "Platform"),
    ("language", "Language"),
    ("label", "Model label"),
    ("cluster", "Cluster"),
)


def _number(value: str | None) -> float | None:
    try:
        return None if value in (None, "") else min(1.0, max(0.0, float(value)))
    except ValueError:
        return None


def filters_from(request: Request) -> QueueFilters:
    """Read the filter form from the query string; malformed numbers are ignored."""
    q = request.query_params
    text = {name: (q.get(name) or None) for name, _ in FACETS if name != "status"}
    status = q.get("status") or "open"
    return QueueFilters(
        status=status, **text, score_min=_number(q.get("score_min")), score_max=_number(q.get("score_max"))
    )


@router.get("/queue")
def show_queue(
    request: Request,
    session: CanView,
    conn: Conn,
) -> Response:
    filters = filters_from(request)
    rows = queue_api.list_items(conn, filters)
    total, facet_counts = queue_api.facet_counts(conn, filters)
    facets = [{"name": n, "title": t, "choices": facet_counts.get(n, [])} for n, t in FACETS]
    context = {
        "rows": [{**vars(r), "excerpt": excerpt(r.text_redacted)} for r in rows],
        "total": total,
        "filters": filters,
        "facets": facets,
        "notice": NOTICES.get(request.query_params.get("done", ""), ""),
    }
    return render(request, "queue.html", context, session)
