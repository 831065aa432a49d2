"""The one `smugglewatch` CLI: every command loads, and every command and option explains itself in --help."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from smugglewatch.cli import COMMANDS, main


def _walk(command: click.Command, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            found += _walk(command.get_command(ctx, name), (*path, name))
    return found


ALL = _walk(main, ())


@pytest.mark.parametrize("path,command", ALL, ids=[" ".join(p) or "smugglewatch" for p, _ in ALL])
def test_every_command_and_option_has_help(path: tuple[str, ...], command: click.Command) -> None:
    assert command.help or command.short_help, f"smugglewatch {' '.join(path)} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden and "--help" not in param.opts:
            assert param.help, f"smugglewatch {' '.join(path)} {param.opts[0]} has no help text"


def test_every_registered_command_is_listed_in_the_top_level_help() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_an_unknown_command_or_option_is_a_clear_usage_error() -> None:
    runner = CliRunner()
    unknown = runner.invoke(main, ["crawll"])
    assert unknown.exit_code == 2 and "No such command" in unknown.output
    bad_option = runner.invoke(main, ["run", "--fast"])
    assert bad_option.exit_code == 2 and "No such option" in bad_option.output
