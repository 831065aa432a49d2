"""The analysts' accounts (table ``users``); the review app adds logins on top of these rows."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

ROLES = ("analyst", "supervisor", "auditor")


class UserError(Exception):
    """An unknown, disabled or unauthorised user; the message says what to do."""


@dataclass(frozen=True)
class User:
    """An account as the warehouse sees it (the password hash never leaves the table)."""

    username: str
    role: str
    disabled: bool


def add_user(conn: duckdb.DuckDBPyConnection, username: str, role: str, password_hash: str | None = None) -> User:
    """Create an account; fails if the name is taken or the role is not one of ROLES."""
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not username or not username.strip():
        raise UserError("a username must not be empty")
    if get_user(conn, username) is not None:
        raise UserError(f"user {username!r} already exists")
    conn.execute(
        "INSERT INTO users (username, role, password_hash, disabled, created_at) VALUES (?, ?, ?, false, now())",
        [username, role, password_hash],
    )
    return User(username, role, False)


def get_user(conn: duckdb.DuckDBPyConnection, username: str) -> User | None:
    """The account, or None."""
    row = conn.execute("SELECT username, role, disabled FROM users WHERE username = ?", [username]).fetchone()
    return User(*row) if row else None


def require_user(conn: duckdb.DuckDBPyConnection, username: str, roles: tuple[str, ...] = ROLES) -> User:
    """The active account with one of ``roles``, or a UserError that says how to fix it."""
    user = get_user(conn, username)
    if user is None:
        raise UserError(f"unknown user {username!r}; an administrator adds accounts with `smugglewatch users add`")
    if user.disabled:
        raise UserError(f"user {username!r} is disabled; ask a supervisor to re-enable the account")
    if user.role not in roles:
        raise UserError(f"user {username!r} has role {user.role!r}; this needs one of: {', '.join(roles)}")
    return user
