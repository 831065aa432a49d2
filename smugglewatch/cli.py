"""The single ``smugglewatch`` command line.

Subcommands live beside the code they drive (``crawlers/cli.py``, ``warehouse/cli.py`` ...) and are imported
lazily, so ``smugglewatch --help`` stays fast and a heavy import (torch) happens only for the command that needs it.
"""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute". Each package registers its commands here, nowhere else.
COMMANDS: dict[str, str] = {
    "fixtures": "fixtures.cli:fixtures",
    "train": "classifiers.cli:train",
    "classify": "classifiers.cli:classify",
    "evaluate": "classifiers.cli:evaluate",
    "redact": "redaction.cli:redact",
    "audit": "redaction.cli:audit",
    "purge": "redaction.cli:purge",
    "keys": "redaction.cli:keys",
    "crawl": "crawlers.cli:crawl",
    "run": "smugglewatch.main_job:run_command",
    "review": "review.cli:review",
    "users": "review.cli:users",
    "bench": "bench.run:bench",
    "queue": "warehouse.cli:queue",
    "export": "warehouse.cli:export",
    "report": "warehouse.cli:report",
    "db": "warehouse.cli:db",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand is used or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="smugglewatch")
def main() -> None:
    """Watch public online spaces for smuggling offers and document fraud; build referral lists.

    Settings come from SMUGGLEWATCH_* environment variables or smugglewatch.toml (see README).
    """


if __name__ == "__main__":
    main()
