"""Response headers that keep hostile post content inert, and an access log without personal data.

The CSP allows scripts and styles from this app only (no inline script or style, no CDN), no framing, no
external fetches, and forms that post back here only. The access log names the route template
(``/items/{item_id}``), never the concrete URL or its query string.
"""

from __future__ import annotations

import logging
import time
import traceback
from typing import Any

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"x-dns-prefetch-control", b"off"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
access_log = logging.getLogger("review.access")
error_log = logging.getLogger("review.error")
ERROR_PAGE = (
    b"<!doctype html><title>Error</title><h1>Something went wrong</h1>"
    b'<p>The error was logged without its details. <a href="/">Home</a></p>'
)


def _where(exc: BaseException) -> str:
    """file:line of each frame, without the exception's message (which may quote data)."""
    ours = [f for f in traceback.extract_tb(exc.__traceback__) if "site-packages" not in f.filename]
    return " <- ".join(f"{'/'.join(f.filename.rsplit('/', 2)[-2:])}:{f.lineno} {f.name}" for f in reversed(ours[-6:]))


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers above, ``no-store`` on every dynamic page, and logs the route."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 0
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                headers += HEADERS
                headers.append((b"cache-control", b"public, max-age=300" if static else b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # an unexpected error: log where, never what (messages can quote post text)
            error_log.error("unhandled %s at %s", type(exc).__name__, _where(exc))
            if status == 0:
                await send_with_headers(
                    {"type": "http.response.start", "status": 500,
                     "headers": [(b"content-type", b"text/html; charset=utf-8")]}
                )  # fmt: skip
                await send({"type": "http.response.body", "body": ERROR_PAGE})
                status = 500
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or ("/static/*" if static else "(unmatched)")
            access_log.info(
                "%s %s %s %.0fms", scope["method"], template, status, (time.perf_counter() - started) * 1000
            )
