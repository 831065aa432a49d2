"""Request plumbing shared by every route: the warehouse connection, the signed-in user, role and CSRF checks.

``require(permission)`` is the one door into every page and endpoint: it finds the session, checks the role
holds the permission and, for a POST, checks the CSRF token the form echoes back. A route without it is a bug
(tests walk the route table to prove there is none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from review.roles import GRANTS, HOME, Permission, Role, can
from review.sessions import COOKIE, Session, csrf_matches, load_session


class NotSignedIn(Exception):
    """No live session: the handler sends the browser to the login page."""


class Forbidden(Exception):
    """The session's role lacks the permission, or a POST failed its CSRF check."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Conflict(Exception):
    """A request the queue refused (claimed by someone else, four-eyes rule ...); shown to the user as is."""

    def __init__(self, message: str, item_id: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item_id = item_id


def get_conn(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """One warehouse connection per request, closed at the end so other processes can take the lock."""
    from warehouse.db import connect

    conn = connect(request.app.state.settings, apply_migrations=False)  # create_app migrated once at start
    try:
        yield conn
    finally:
        conn.close()


Conn = Annotated[duckdb.DuckDBPyConnection, Depends(get_conn)]


def current_session(request: Request, conn: Conn) -> Session:
    session = load_session(conn, request.cookies.get(COOKIE), request.app.state.settings.review.session_idle_minutes)
    if session is None:
        raise NotSignedIn()
    return session


def require(permission: Permission | None) -> Callable[..., Any]:
    """A dependency that lets the request through only for a role holding ``permission`` (and a valid CSRF token).

    ``None`` lets any signed-in user through (signing out, the home redirect).
    """

    async def dependency(request: Request, session: Annotated[Session, Depends(current_session)]) -> Session:
        if permission is not None and not can(session.role, permission):
            raise Forbidden(f"your role ({session.role}) may not do this")
        if request.method not in {"GET", "HEAD"}:
            form = await request.form()
            token = form.get("csrf_token")
            if not csrf_matches(session, token if isinstance(token, str) else None):
                raise Forbidden("the form was stale or not sent by this app (CSRF check failed); reload and retry")
        return session

    dependency.permission = permission  # type: ignore[attr-defined]
    return dependency


SignedIn = Annotated[Session, Depends(require(None))]
CanView = Annotated[Session, Depends(require(Permission.VIEW_QUEUE))]
CanDecide = Annotated[Session, Depends(require(Permission.DECIDE))]
CanReveal = Annotated[Session, Depends(require(Permission.REVEAL))]
CanExport = Annotated[Session, Depends(require(Permission.EXPORT))]
CanAudit = Annotated[Session, Depends(require(Permission.AUDIT))]


def home_for(role: str) -> str:
    try:
        return HOME[Role(role)]
    except ValueError:
        return "/login"


def render(
    request: Request, name: str, context: dict[str, Any], session: Session | None = None, status_code: int = 200
) -> Any:
    """Render a template with the user, their permissions and the CSRF token every form needs."""
    templates: Jinja2Templates = request.app.state.templates
    perms = GRANTS.get(Role(session.role), frozenset()) if session else frozenset()
    base = {"session": session, "perms": {p.value for p in perms}, "csrf": session.csrf_token if session else ""}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
