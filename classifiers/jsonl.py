"""Reading the JSON Lines files ``classify`` and ``evaluate`` take, with errors that name the line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_INPUT_CHARS = 100_000  # longer texts are cut here (the model itself reads only the first max_length tokens)


class BadLineError(ValueError):
    """A line that cannot be used; ``str()`` says which line and why, never its content."""

    def __init__(self, lineno: int, reason: str) -> None:
        super().__init__(f"line {lineno}: {reason}")
        self.lineno = lineno


@dataclass
class Post:
    """One usable input line."""

    lineno: int
    record: dict
    truncated: bool = False

    @property
    def text(self) -> str:
        return self.record["text"]


def parse_line(lineno: int, raw: bytes, required: tuple[str, ...]) -> Post:
    """Parse and check one line; raises :class:`BadLineError`."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadLineError(lineno, "not UTF-8 text") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLineError(lineno, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise BadLineError(lineno, "expected a JSON object")
    missing = [k for k in required if k not in record]
    if missing:
        raise BadLineError(lineno, f"missing field(s): {', '.join(missing)}")
    if not isinstance(record["text"], str):
        raise BadLineError(lineno, '"text" must be a string')
    if not record["text"].strip():
        raise BadLineError(lineno, "empty text")
    truncated = len(record["text"]) > MAX_INPUT_CHARS
    if truncated:
        record["text"] = record["text"][:MAX_INPUT_CHARS]
    return Post(lineno, record, truncated)


def read_posts(path: Path, required: tuple[str, ...], errors: list[BadLineError], stop: bool) -> Iterator[Post]:
    """Usable lines of ``path``; bad ones raise (``stop``) or are appended to ``errors``. Blank lines are skipped."""
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield parse_line(lineno, raw, required)
            except BadLineError as exc:
                if stop:
                    raise
                errors.append(exc)
