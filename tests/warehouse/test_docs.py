"""Every warehouse command and option is documented in the README's warehouse section."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from warehouse import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- section:warehouse -->(.*?)<!-- /section:warehouse -->", text, re.S)
    assert match, "README has no warehouse section"
    return match.group(1)


def commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for command in (cli.queue, cli.export, cli.report, cli.db):
        if isinstance(command, click.Group):
            out += [(f"{command.name} {name}", sub) for name, sub in command.commands.items()]
        else:
            out.append((command.name, command))
    return out


@pytest.mark.parametrize(("name", "command"), commands(), ids=[n for n, _ in commands()])
def test_command_and_its_options_are_documented(name: str, command: click.Command) -> None:
    text = section()
    assert f"smugglewatch {name}" in text
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(opt in text for opt in param.opts), f"{name}: {param.opts} missing from README"
            assert param.help, f"{name}: {param.opts} has no --help text"
