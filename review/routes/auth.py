"""Sign-in and sign-out.

The login form is protected against CSRF by a double-submit cookie (there is no session yet); sign-in
replaces any previous session token (no fixation) and is throttled per account and per client.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from review.sessions import COOKIE, end_session, start_session
from review.users import authenticate
from review.web import Conn, SignedIn, home_for, render

router = APIRouter()
LOGIN_COOKIE = "sw_login"


def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    """Secure (browsers accept it on loopback http too), HttpOnly, SameSite=Strict, whole-app path."""
    response.set_cookie(name, value, max_age=max_age, path="/", secure=True, httponly=True, samesite="strict")


def login_page(request: Request, error: str = "", status_code: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"login_csrf": token, "error": error}, status_code=status_code)
    set_cookie(response, LOGIN_COOKIE, token, max_age=3600)
    return response


@router.get("/login")
def show_login(request: Request) -> Response:
    return login_page(request)


@router.post("/login")
def do_login(
    request: Request,
    conn: Conn,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return login_page(request, "The sign-in form expired. Please try again.", 403)
    settings = request.app.state.settings.review
    throttle = request.app.state.throttle
    client = request.client.host if request.client else "?"
    wait = throttle.retry_after(conn, username, client)
    if wait:
        minutes = max(1, round(wait / 60))
        return login_page(request, f"Too many failed sign-ins. Try again in about {minutes} min.", 429)
    user = authenticate(conn, username, password)
    if user is None:
        throttle.failed(conn, username, client)
        return login_page(request, "Wrong username or password, or the account is disabled.", 401)
    throttle.succeeded(conn, user.username)
    end_session(conn, request.cookies.get(COOKIE))
    token = start_session(conn, user.username, settings.session_max_hours)
    response = RedirectResponse(home_for(user.role), status_code=303)
    set_cookie(response, COOKIE, token)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def do_logout(
    request: Request,
    session: SignedIn,
    conn: Conn,
) -> Response:
    end_session(conn, request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.get("/")
def home(session: SignedIn) -> Response:
    return RedirectResponse(home_for(session.role), status_code=303)
