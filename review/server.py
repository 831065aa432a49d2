"""Run the app under uvicorn with an access log that holds no personal data.

uvicorn's own access log prints the full URL with its query string and the client address; it is off, and
``review.security`` logs the route template, status and time instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import uvicorn

from review.app import create_app

if TYPE_CHECKING:
    from smugglewatch.settings import Settings

LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "review.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "review.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def build_server(settings: Settings, host: str, port: int, *, log: bool = True) -> uvicorn.Server:
    """A configured (not yet started) server; tests run it in a thread."""
    config = uvicorn.Config(
        create_app(settings),
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        date_header=False,
        proxy_headers=False,
        log_config=LOG_CONFIG if log else None,
        log_level="info" if log else "warning",
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


def serve(settings: Settings, host: str, port: int) -> None:
    logging.getLogger("review.access").setLevel(logging.INFO)
    build_server(settings, host, port).run()
