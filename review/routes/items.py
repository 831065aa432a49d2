"""One item: view, claim, decide, reveal the original; one cluster: view, then decide it in bulk."""

from __future__ import annotations

from typing import Annotated

import duckdb
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from review import display, queue_api
from review.evidence import segments
from review.queue_api import OPEN, REJECT_REASONS
from review.sessions import Session
from review.web import CanDecide, CanReveal, CanView, Conflict, Conn, render

router = APIRouter()
DECISIONS = ("confirm", "reject", "escalate", "approve")
CONFIRM_LABELS = ("smuggling_offer", "document_fraud")
NOTE_MAX = 1000


def _item_or_404(conn: duckdb.DuckDBPyConnection, item_id: int) -> display.ItemView:
    item = display.load_item(conn, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="no such item")
    return item


def _neighbours(conn: duckdb.DuckDBPyConnection, item_id: int) -> tuple[int | None, int | None]:
    """Previous and next open items in queue order (j/k), skipping nothing the queue would show."""
    ids = queue_api.open_ids(conn)
    if item_id not in ids:
        return None, ids[0] if ids else None
    at = ids.index(item_id)
    return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)


def item_page(
    request: Request,
    conn: duckdb.DuckDBPyConnection,
    session: Session,
    item_id: int,
    *,
    original: str | None = None,
    reveal_error: str = "",
    status_code: int = 200,
) -> Response:
    item = _item_or_404(conn, item_id)
    settings = request.app.state.settings.review
    segs = segments(item.text_redacted, item.evidence, request.app.state.glossary, item.lang)
    prev_id, next_id = _neighbours(conn, item_id)
    context = {
        "item": item,
        "segments": segs,
        "kinds": sorted({s.kind for s in segs if s.kind}),
        "indicators": display.indicators(conn, item.post_key),
        "comments": display.comments(conn, item.post_key),
        "cluster": [m for m in display.cluster_members(conn, item.cluster_id) if m["post_key"] != item.post_key],
        "decisions": queue_api.decisions_of(conn, item_id),
        "claim_state": item.claim_state(session.username),
        "decidable": item.status in OPEN,
        "prev_id": prev_id,
        "next_id": next_id,
        "reject_reasons": REJECT_REASONS,
        "original": original,
        "reveal_error": reveal_error,
        "min_justification": settings.reveal_min_justification,
        "notice": {"claimed": "Claimed: the item is yours until the lock expires."}.get(
            request.query_params.get("done", ""), ""
        ),
    }
    return render(request, "item.html", context, session, status_code=status_code)


@router.get("/items/{item_id}")
def show_item(
    request: Request,
    item_id: int,
    session: CanView,
    conn: Conn,
) -> Response:
    return item_page(request, conn, session, item_id)


@router.post("/items/{item_id}/claim")
def claim_item(
    request: Request,
    item_id: int,
    session: CanDecide,
    conn: Conn,
) -> Response:
    _item_or_404(conn, item_id)
    queue_api.claim(conn, item_id, session.username, request.app.state.settings.review.claim_minutes)
    return RedirectResponse(f"/items/{item_id}?done=claimed", status_code=303)


@router.post("/items/{item_id}/release")
def release_item(request: Request, item_id: int, session: CanDecide, conn: Conn) -> Response:
    """Give the item back to the queue before the claim expires."""
    _item_or_404(conn, item_id)
    queue_api.release(conn, item_id, session.username)
    return RedirectResponse(f"/items/{item_id}", status_code=303)


def _checked_decision(decision: str, label: str, reason: str, note: str) -> dict:
    if decision not in DECISIONS:
        raise Conflict(f"unknown decision {decision!r}: use confirm, reject, escalate or approve")
    if decision == "confirm" and label not in CONFIRM_LABELS:
        raise Conflict("a confirmation needs a label: smuggling offer or document fraud")
    if decision == "reject" and reason not in {r for r, _ in REJECT_REASONS}:
        raise Conflict("a rejection needs a reason: news, NGO, legal service or other")
    return {
        "decision": decision,
        "label": label if decision == "confirm" else None,
        "reason": reason if decision == "reject" else None,
        "note": note.strip()[:NOTE_MAX] or None,
    }


@router.post("/items/{item_id}/decide")
def decide_item(
    request: Request,
    item_id: int,
    decision: Annotated[str, Form()],
    session: CanDecide,
    conn: Conn,
    label: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Claim (if not already held) and decide; then go on to the next open item."""
    item = _item_or_404(conn, item_id)
    checked = _checked_decision(decision, label, reason, note)
    _, next_id = _neighbours(conn, item_id)  # where the analyst goes next, decided before the item moves
    claimed_now = item.claim_state(session.username) != "mine"
    if claimed_now:
        queue_api.claim(conn, item_id, session.username, request.app.state.settings.review.claim_minutes)
    try:
        queue_api.decide(conn, item_id, session.username, **checked)
    except Conflict:
        if claimed_now:  # a refused decision must not leave the item locked to someone who cannot decide it
            queue_api.release(conn, item_id, session.username)
        raise
    target = f"/items/{next_id}" if next_id else "/queue?done=empty"
    return RedirectResponse(target, status_code=303)


@router.post("/items/{item_id}/reveal")
def reveal_original(
    request: Request,
    item_id: int,
    session: CanReveal,
    conn: Conn,
    justification: Annotated[str, Form()] = "",
) -> Response:
    """Show the original from the vault; the vault logs the consultation with the justification."""
    item = _item_or_404(conn, item_id)
    minimum = request.app.state.settings.review.reveal_min_justification
    justification = " ".join(justification.split())
    if len(justification) < minimum:
        message = f"Give a justification of at least {minimum} characters; it is logged with the consultation."
        return item_page(request, conn, session, item_id, reveal_error=message, status_code=400)
    from redaction.audit import AuditError
    from redaction.vault import Vault, VaultError

    object_id = f"{item.post_key}@{item.content_hash}"
    try:
        vault = Vault.from_settings(request.app.state.settings)
        original = vault.reveal(conn, object_id, session.username, session.role, justification)
    except AuditError:
        message = "The justification looks like it holds an identifier; describe the reason without personal data."
        return item_page(request, conn, session, item_id, reveal_error=message, status_code=400)
    except VaultError as exc:
        return item_page(request, conn, session, item_id, reveal_error=f"Cannot reveal: {exc}", status_code=409)
    return item_page(request, conn, session, item_id, original=original)


@router.get("/clusters/{cluster_id}")
def show_cluster(
    request: Request,
    cluster_id: str,
    session: CanView,
    conn: Conn,
) -> Response:
    members = display.cluster_members(conn, cluster_id)
    if not members:
        raise HTTPException(status_code=404, detail="no such cluster")
    glossary = request.app.state.glossary
    for m in members:
        m["segments"] = segments(m["text"], m["evidence"], glossary, m["lang"])
    open_ids = [m["item_id"] for m in members if m["item_id"] and m["status"] in OPEN]
    context = {"cluster_id": cluster_id, "members": members, "open_ids": open_ids, "reject_reasons": REJECT_REASONS}
    return render(request, "cluster.html", context, session)


@router.post("/clusters/{cluster_id}/decide")
def decide_cluster(
    request: Request,
    cluster_id: str,
    decision: Annotated[str, Form()],
    session: CanDecide,
    conn: Conn,
    label: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    item_ids: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Apply one decision to every open item the analyst saw on the cluster page, and only those."""
    seen = sorted(int(v) for v in item_ids or [] if v.isdigit())
    members = display.cluster_members(conn, cluster_id)
    open_now = sorted(m["item_id"] for m in members if m["item_id"] and m["status"] in OPEN)
    if not seen or seen != open_now:
        raise Conflict("the cluster changed since you viewed it; review it again before deciding it in bulk")
    checked = _checked_decision(decision, label, reason, note)
    items = [_item_or_404(conn, item_id) for item_id in seen]
    held = [i for i in items if i.claim_state(session.username) == "other"]
    if held:  # refuse before deciding anything, so a cluster is never half decided
        raise Conflict(f"item {held[0].item_id} of this cluster is claimed by {held[0].claimed_by}; try again later")
    minutes = request.app.state.settings.review.claim_minutes
    for item in items:
        if item.claim_state(session.username) != "mine":
            queue_api.claim(conn, item.item_id, session.username, minutes)
        queue_api.decide(conn, item.item_id, session.username, **checked)
    return RedirectResponse("/queue?done=bulk", status_code=303)
