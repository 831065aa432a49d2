"""``smugglewatch users`` (accounts) and ``smugglewatch review`` (serve the app)."""

from __future__ import annotations

import errno
import socket
import sys

import click

from smugglewatch.cli_support import fail
from smugglewatch.settings import get_settings


@click.group("users")
def users() -> None:
    """Manage review-app accounts (analyst, supervisor, auditor)."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("add")
@click.argument("username")
@click.option(
    "--role", required=True, type=click.Choice(["analyst", "supervisor", "auditor"]), help="What the account may do."
)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (no prompt).")
def users_add(username: str, role: str, password_stdin: bool) -> None:
    """Create an account; the password is prompted for (twice) unless --password-stdin is given."""
    from review.users import UserError, add_user, check_username
    from warehouse.db import session

    try:
        check_username(username)
    except UserError as exc:
        fail(str(exc))
    password = _read_password(password_stdin)
    try:
        with session(get_settings()) as conn:
            user = add_user(conn, username, role, password)
    except UserError as exc:
        fail(str(exc))
    click.echo(f"added {user.username} ({user.role})")


@users.command("disable")
@click.argument("username")
def users_disable(username: str) -> None:
    """Disable an account and sign it out everywhere (decisions it made stay as they are)."""
    from review.users import UserError, disable_user
    from warehouse.db import session

    try:
        with session(get_settings()) as conn:
            ended = disable_user(conn, username)
    except UserError as exc:
        fail(str(exc))
    click.echo(f"disabled {username}; ended {ended} session(s)")


@users.command("list")
def users_list() -> None:
    """List accounts with their role and state (never a password hash)."""
    from review.users import list_users
    from warehouse.db import session

    with session(get_settings()) as conn:
        accounts = list_users(conn)
    if not accounts:
        click.echo("no accounts yet; add one with `smugglewatch users add NAME --role analyst`")
    for user in accounts:
        state = "disabled" if user.disabled else "active"
        click.echo(f"{user.username}\t{user.role}\t{state}\t{user.created_at:%Y-%m-%d}")


def check_port_free(host: str, port: int) -> None:
    """Fail with a clear message (before starting uvicorn) when the address is taken."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                fail(
                    f"port {port} on {host} is already in use",
                    f"stop the other server or pick another port: smugglewatch review --port {port + 1}",
                )
            fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})", "check --host and --port")


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@click.command("review")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it on loopback).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def review(host: str, port: int) -> None:
    """Serve the analysts' review app (sign in with an account from `smugglewatch users add`)."""
    from review.server import serve

    check_port_free(host, port)
    if host not in LOOPBACK:
        click.echo(
            f"warning: serving on {host}, not loopback; browsers send the Secure session cookie only over https "
            "(or to localhost), so put a TLS-terminating proxy in front",
            err=True,
        )
    settings = get_settings()
    click.echo(f"review app on http://{host}:{port}/ (warehouse {settings.duckdb_path}); Ctrl-C stops it")
    serve(settings, host, port)
