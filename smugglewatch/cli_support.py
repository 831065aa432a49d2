"""Small helpers shared by every subcommand: clear errors, checked paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import click


def fail(message: str, hint: str = "") -> NoReturn:
    """Stop with a message that says what happened and what to do (never personal data)."""
    raise click.ClickException(message + (f"\n  hint: {hint}" if hint else ""))


def writable_dir(path: Path, option: str) -> Path:
    """Create ``path`` if needed and check it can be written, or fail naming the option."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{option} {path}: cannot create directory ({exc.strerror or exc})")
    if not path.is_dir():
        fail(f"{option} {path}: exists and is not a directory")
    if not os.access(path, os.W_OK):
        fail(f"{option} {path}: directory is not writable")
    return path
