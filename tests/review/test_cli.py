"""`smugglewatch users ...` and `smugglewatch review` from the command line."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from smugglewatch.cli import main


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_users_add_list_and_disable(settings):
    added = run("users", "add", "dana", "--role", "supervisor", "--password-stdin", stdin="dana-password-99\n")
    assert added.exit_code == 0, added.output
    assert "added dana (supervisor)" in added.output
    listed = run("users", "list")
    assert "dana\tsupervisor\tactive" in listed.output
    assert "argon2" not in listed.output

    from review.users import authenticate
    from warehouse.db import session

    with session(settings) as conn:
        stored = conn.execute("SELECT password_hash FROM users WHERE username = 'dana'").fetchone()[0]
        assert stored.startswith("$argon2id$") and "dana-password-99" not in stored
        assert authenticate(conn, "dana", "dana-password-99") is not None

    disabled = run("users", "disable", "dana")
    assert disabled.exit_code == 0 and "disabled dana" in disabled.output
    assert "dana\tsupervisor\tdisabled" in run("users", "list").output
    with session(settings) as conn:
        assert authenticate(conn, "dana", "dana-password-99") is None


def test_users_add_prompts_for_the_password_twice(settings):
    result = run("users", "add", "erin", "--role", "analyst", stdin="erin-password-1\nerin-password-1\n")
    assert result.exit_code == 0, result.output
    assert "erin-password-1" not in result.output


def test_users_add_refuses_bad_input_with_a_clear_message(settings):
    short = run("users", "add", "fred", "--role", "analyst", "--password-stdin", stdin="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    bad_name = run("users", "add", "Fred Smith", "--role", "analyst", "--password-stdin", stdin="x" * 12 + "\n")
    assert bad_name.exit_code == 1 and "invalid username" in bad_name.output
    run("users", "add", "fred", "--role", "analyst", "--password-stdin", stdin="fred-password-1\n")
    again = run("users", "add", "fred", "--role", "auditor", "--password-stdin", stdin="fred-password-2\n")
    assert again.exit_code == 1 and "already exists" in again.output
    missing = run("users", "disable", "nobody")
    assert missing.exit_code == 1 and "no user nobody" in missing.output


def test_review_says_so_when_the_port_is_taken(settings):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("review", "--port", str(port))
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {port + 1}" in result.output
