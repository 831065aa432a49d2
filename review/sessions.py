"""Login sessions: a random token in a Secure, HttpOnly, SameSite=Strict cookie; only its hash is stored.

Each session carries its own CSRF token, which every POST form must echo back. A session ends on logout,
after ``idle_minutes`` without a request, after ``max_hours`` in all, or as soon as the user is disabled.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb

COOKIE = "sw_session"
TOUCH_EVERY = timedelta(minutes=1)  # write last_seen at most this often


@dataclass(frozen=True)
class Session:
    """The signed-in user behind a request."""

    username: str
    role: str
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def start_session(conn: duckdb.DuckDBPyConnection, username: str, max_hours: float) -> str:
    """Create a session for ``username`` and return the cookie token (shown to nobody else, stored hashed)."""
    token, now = secrets.token_urlsafe(32), _now()
    conn.execute(
        "INSERT INTO review_sessions (token_hash, username, csrf_token, created_at, last_seen, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [_digest(token), username, secrets.token_urlsafe(32), now, now, now + timedelta(hours=max_hours)],
    )
    return token


def load_session(conn: duckdb.DuckDBPyConnection, token: str | None, idle_minutes: float) -> Session | None:
    """The live session for a cookie token, or None when absent, expired, idle too long or the user is disabled."""
    if not token:
        return None
    row = conn.execute(
        "SELECT s.username, u.role, s.csrf_token, s.last_seen, s.expires_at, u.disabled"
        " FROM review_sessions s JOIN users u USING (username) WHERE s.token_hash = ?",
        [_digest(token)],
    ).fetchone()
    if row is None:
        return None
    username, role, csrf, last_seen, expires_at, disabled = row
    now = _now()
    if disabled or now >= expires_at or now - last_seen > timedelta(minutes=idle_minutes):
        end_session(conn, token)
        return None
    if now - last_seen > TOUCH_EVERY:
        with contextlib.suppress(duckdb.TransactionException):  # a parallel request touched it first
            conn.execute("UPDATE review_sessions SET last_seen = ? WHERE token_hash = ?", [now, _digest(token)])
    return Session(username=username, role=role, csrf_token=csrf)


def end_session(conn: duckdb.DuckDBPyConnection, token: str | None) -> None:
    """Forget a session (logout, expiry)."""
    if token:
        conn.execute("DELETE FROM review_sessions WHERE token_hash = ?", [_digest(token)])


def end_user_sessions(conn: duckdb.DuckDBPyConnection, username: str) -> int:
    """Sign a user out everywhere (used when an account is disabled); returns how many sessions ended."""
    row = conn.execute("SELECT count(*) FROM review_sessions WHERE username = ?", [username]).fetchone()
    conn.execute("DELETE FROM review_sessions WHERE username = ?", [username])
    return int(row[0]) if row else 0


def csrf_matches(session: Session, submitted: str | None) -> bool:
    """Constant-time comparison of a submitted CSRF token with the session's."""
    return bool(submitted) and hmac.compare_digest(session.csrf_token, submitted or "")
