"""Response headers that keep hostile post content inert, and an access log without personal data.

The CSP allows scripts and styles from this app only (no inline script or style, no CDN), no framing, no
external fetches, and forms that post back here only. The access log names the route template
(``/items/{item_id}``), never the concrete URL or its query string.
"""

from __future__ import annotations

import logging
import time
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
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or ("/static/*" if static else "(unmatched)")
            access_log.info(
                "%s %s %s %.0fms", scope["method"], template, status, (time.perf_counter() - started) * 1000
            )
