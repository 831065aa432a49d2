"""Defaults shared by every smugglewatch DAG. Kept tiny and import-light: the scheduler imports it on every parse."""

from __future__ import annotations

from datetime import timedelta

import pendulum

START = pendulum.datetime(2026, 1, 1, tz="UTC")
DEFAULT_ARGS = {
    "owner": "smugglewatch",
    "retries": 2,
    "retry_delay": timedelta(seconds=20),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
}
WAREHOUSE_POOL = "warehouse_writer"  # one slot: DuckDB allows a single writing process


def schedule_from_settings(default: str) -> str:
    """The configured schedule, read from the environment only (no settings import at parse time)."""
    import os

    return os.environ.get("SMUGGLEWATCH_SCHEDULE", default)
