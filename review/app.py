"""The review app: ``create_app(settings)`` builds a FastAPI app over the warehouse.

Server-rendered Jinja2 pages (autoescape on), static CSS/JS served from this package, no CDN.
The app is a thin layer over ``warehouse.queue``: it shows what the queue returns and passes decisions to it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from review import filters
from review.glossary import Glossary
from review.routes import audit, auth, exports, items, queue
from review.security import SecurityHeaders
from review.throttle import LoginThrottle
from review.web import Conflict, Forbidden, NotSignedIn, render
from smugglewatch.settings import Settings

HERE = Path(__file__).resolve().parent


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # post text is hostile: every {{ }} is escaped
        undefined=jinja2.StrictUndefined,
    )
    filters.install(env)
    return Jinja2Templates(env=env)


def _prepare_warehouse(settings: Settings) -> None:
    """Create or migrate the warehouse once at start, so requests never race to migrate."""
    from warehouse.db import session

    with session(settings):
        pass


def create_app(settings: Settings) -> FastAPI:
    """Build the app for ``settings``; the warehouse is migrated here, before the first request."""
    _prepare_warehouse(settings)
    app = FastAPI(title="smugglewatch review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.templates = _templates()
    app.state.glossary = Glossary.load()
    app.state.throttle = LoginThrottle(
        settings.review.login_max_failures, settings.review.login_window_minutes, settings.review.login_max_per_client
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (auth, queue, items, exports, audit):
        app.include_router(module.router)
    _install_error_pages(app)
    app.add_middleware(SecurityHeaders)
    return app


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        context = {"title": "Not allowed", "message": exc.message, "item_id": None}
        return render(request, "error.html", context, status_code=403)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        context = {"title": "Not found" if exc.status_code == 404 else "Error", "message": str(exc.detail),
                   "item_id": None}  # fmt: skip
        return render(request, "error.html", context, status_code=exc.status_code)

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> Response:
        context = {"title": "Not done", "message": exc.message, "item_id": exc.item_id}
        return render(request, "error.html", context, status_code=409)
