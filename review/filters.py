"""Jinja filters for display: times, scores and class-safe names. They return text, never markup."""

from __future__ import annotations

from datetime import UTC, datetime

import jinja2

from review.evidence import css_kind


def when(value: datetime | None) -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def ago(value: datetime | None) -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    seconds = (datetime.now(UTC) - value).total_seconds()
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def label_name(value: str | None) -> str:
    return (value or "—").replace("_", " ")


def install(env: jinja2.Environment) -> None:
    env.filters.update(when=when, ago=ago, score=score, label=label_name, kindclass=css_kind)
