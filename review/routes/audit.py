"""The auditor's view: the audit log with filters, and the result of the hash-chain verification.

Filters travel in a POST body, not the URL: an actor's name or an object id must not land in a URL or a log.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from review.web import CanAudit, Conn, render

router = APIRouter()
OPERATIONS = ("collection", "alteration", "consultation", "disclosure", "combination", "erasure")
LIMIT = 300
FIELDS = ("actor", "operation", "object_type", "object_id", "since", "until")


def _day(value: str, end: bool) -> datetime | None:
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)


def query_log(conn: duckdb.DuckDBPyConnection, filters: dict[str, str]) -> tuple[int, list[dict[str, Any]]]:
    """Matching entries, newest first (at most LIMIT), and how many match in all."""
    clauses, params = ["TRUE"], []
    for column in ("actor", "operation", "object_type", "object_id"):
        if filters.get(column):
            clauses.append(f"{column} = ?")
            params.append(filters[column])
    for name, op, end in (("since", ">=", False), ("until", "<=", True)):
        bound = _day(filters.get(name, ""), end)
        if bound:
            clauses.append(f'"at" {op} ?')
            params.append(bound)
    where = " AND ".join(clauses)
    total = conn.execute(f"SELECT count(*) FROM audit_log WHERE {where}", params).fetchone()[0]
    cursor = conn.execute(
        f"""SELECT seq, "at", actor, role, operation, object_type, object_id, justification, recipient,
                   details::VARCHAR AS details
            FROM audit_log WHERE {where} ORDER BY seq DESC LIMIT {LIMIT}""",
        params,
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    for row in rows:
        row["details"] = _compact(row["details"])
    return total, rows


def _compact(details: str | None) -> str:
    if not details:
        return ""
    try:
        parsed = json.loads(details)
    except ValueError:
        return details
    if isinstance(parsed, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(parsed.items()))
    return str(parsed)


def _page(request: Request, session: Any, conn: duckdb.DuckDBPyConnection, filters: dict[str, str]) -> Response:
    from redaction.audit import verify

    total, rows = query_log(conn, filters)
    actors = [r[0] for r in conn.execute("SELECT DISTINCT actor FROM audit_log ORDER BY 1").fetchall()]
    context = {
        "verification": verify(conn),
        "rows": rows,
        "total": total,
        "filters": filters,
        "operations": OPERATIONS,
        "actors": actors,
        "limit": LIMIT,
    }
    return render(request, "audit.html", context, session)


@router.get("/audit")
def show_audit(request: Request, session: CanAudit, conn: Conn) -> Response:
    return _page(request, session, conn, dict.fromkeys(FIELDS, ""))


@router.post("/audit")
def filter_audit(
    request: Request,
    session: CanAudit,
    conn: Conn,
    actor: Annotated[str, Form()] = "",
    operation: Annotated[str, Form()] = "",
    object_type: Annotated[str, Form()] = "",
    object_id: Annotated[str, Form()] = "",
    since: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
) -> Response:
    filters = {"actor": actor, "operation": operation, "object_type": object_type, "object_id": object_id,
               "since": since, "until": until}  # fmt: skip
    return _page(request, session, conn, {k: v.strip()[:200] for k, v in filters.items()})
