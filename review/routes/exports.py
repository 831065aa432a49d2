"""Referral exports: build the per-platform files from referable items (four-eyes done) and list past ones.

Files go to ``<data_dir>/referrals``; downloads are looked up by batch id in ``referral_batches``, so a request
can never name a path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from review.web import CanExport, Conflict, Conn, render
from warehouse import queue
from warehouse.export import ExportError, export_with

router = APIRouter()
FORMATS = {"json": ("json_file", "application/json"), "csv": ("csv_file", "text/csv")}


def referrals_dir(request: Request) -> Path:
    return Path(request.app.state.settings.data_dir) / "referrals"


@router.get("/exports")
def show_exports(request: Request, session: CanExport, conn: Conn) -> Response:
    pending = queue.counts(conn, status="referable")
    batches = conn.execute(
        """SELECT batch_id, created_at, platform, referrals, json_file, csv_file, json_sha256
           FROM referral_batches ORDER BY created_at DESC, batch_id LIMIT 200"""
    ).fetchall()
    names = ("batch_id", "created_at", "platform", "referrals", "json_file", "csv_file", "json_sha256")
    context = {
        "pending_total": pending["total"],
        "pending": sorted(pending["by_platform"].items()),
        "batches": [dict(zip(names, b, strict=True)) for b in batches],
        "done": request.query_params.get("done", ""),
    }
    return render(request, "exports.html", context, session)


@router.post("/exports")
def build_export(request: Request, session: CanExport, conn: Conn, platform: Annotated[str, Form()] = "") -> Response:
    """Export every referable item (or one platform's); the warehouse records them as referred."""
    try:
        result = export_with(conn, request.app.state.settings, referrals_dir(request), platform or None,
                             actor=session.username)  # fmt: skip
    except ExportError as exc:
        raise Conflict(str(exc)) from None
    return RedirectResponse(f"/exports?done={result.referrals}", status_code=303)


@router.get("/exports/{batch_id}/{fmt}")
def download(request: Request, batch_id: str, fmt: str, session: CanExport, conn: Conn) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(status_code=404, detail="no such format")
    column, media_type = FORMATS[fmt]
    row = conn.execute(f"SELECT {column} FROM referral_batches WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="no such export")
    base = referrals_dir(request).resolve()
    path = (base / Path(row[0]).name).resolve()
    if path.parent != base or not path.is_file():
        raise HTTPException(status_code=410, detail="the export file is no longer on disk")
    return FileResponse(path, media_type=media_type, filename=path.name)
