"""Every classifier command and option is documented in the README's classify section."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from classifiers import cli

README = Path(__file__).resolve().parents[2] / "README.md"
COMMANDS = (cli.train, cli.classify, cli.evaluate)


def _section() -> str:
    match = re.search(r"<!-- section:classify -->(.*?)<!-- /section:classify -->", README.read_text("utf-8"), re.S)
    assert match, "README has no classify section"
    return match.group(1)


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_when_a_command_exists_then_it_and_its_options_are_documented(command: click.Command) -> None:
    text = _section()
    assert f"smugglewatch {command.name}" in text
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(opt in text for opt in param.opts), f"{command.name}: {param.opts} missing from README"
