"""Accounts in the warehouse ``users`` table (username, role, password_hash, disabled, created_at).

The table belongs to the warehouse; this module is the only writer of passwords and roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import duckdb

from review.passwords import hash_password, needs_rehash, verify_password
from review.roles import Role
from review.sessions import end_user_sessions

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


class UserError(ValueError):
    """A user-management request that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    disabled: bool
    created_at: datetime


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise UserError(
            "invalid username: use 2-32 characters, lower-case letters, digits, '.', '_' or '-', starting with"
            " a letter or digit"
        )
    return username


def add_user(conn: duckdb.DuckDBPyConnection, username: str, role: str, password: str) -> User:
    """Create an account (through ``warehouse.users``); refuses a bad name, an unknown role or a short password."""
    from warehouse.users import UserError as WarehouseUserError
    from warehouse.users import add_user as add_row

    check_username(username)
    if role not in {r.value for r in Role}:
        raise UserError(f"unknown role {role!r}: use one of {', '.join(r.value for r in Role)}")
    try:
        password_hash = hash_password(password)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    try:
        add_row(conn, username, role, password_hash)
    except WarehouseUserError as exc:
        raise UserError(f"{exc}; pick another name or disable the old account") from None
    row = conn.execute("SELECT created_at FROM users WHERE username = ?", [username]).fetchone()
    return User(username, role, False, row[0])


def disable_user(conn: duckdb.DuckDBPyConnection, username: str) -> int:
    """Disable an account and end its sessions; returns the number of sessions ended."""
    if not conn.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        raise UserError(f"no user {username}; see `smugglewatch users list`")
    conn.execute("UPDATE users SET disabled = true WHERE username = ?", [username])
    return end_user_sessions(conn, username)


def list_users(conn: duckdb.DuckDBPyConnection) -> list[User]:
    rows = conn.execute("SELECT username, role, disabled, created_at FROM users ORDER BY username").fetchall()
    return [User(*row) for row in rows]


def authenticate(conn: duckdb.DuckDBPyConnection, username: str, password: str) -> User | None:
    """The enabled user with this name and password, or None (same work either way)."""
    row = conn.execute(
        "SELECT username, role, disabled, created_at, password_hash FROM users WHERE username = ?",
        [username.strip().lower()],
    ).fetchone()
    ok = verify_password(row[4] if row else None, password)
    if not row or not ok or row[2]:
        return None
    if needs_rehash(row[4]):
        conn.execute("UPDATE users SET password_hash = ? WHERE username = ?", [hash_password(password), row[0]])
    return User(*row[:4])
