"""Defaults shared by every smugglewatch DAG. Kept tiny and import-light: the scheduler imports it on every parse.

Two knobs come from the environment only (reading settings would import pydantic at parse time):
``SMUGGLEWATCH_SCHEDULE`` (the monitor's schedule, default hourly) and ``SMUGGLEWATCH_RETRY_DELAY_S`` (first retry
delay; it doubles on each retry up to 10 minutes).
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum

START = pendulum.datetime(2026, 1, 1, tz="UTC")
DEFAULT_ARGS = {
    "owner": "smugglewatch",
    "retries": 2,
    "retry_delay": timedelta(seconds=float(os.environ.get("SMUGGLEWATCH_RETRY_DELAY_S", "20"))),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
}
WAREHOUSE_POOL = "warehouse_writer"  # one slot: DuckDB allows a single writing process


def schedule_from_settings(default: str) -> str:
    """The configured schedule (``SMUGGLEWATCH_SCHEDULE``), else ``default``."""
    return os.environ.get("SMUGGLEWATCH_SCHEDULE", default)


def dag_args(schedule: str | None, *tags: str, doc: str | None = None) -> dict:
    """The keyword arguments every smugglewatch ``@dag`` shares; ``tags`` are added to "smugglewatch"."""
    return {
        "schedule": schedule,
        "start_date": START,
        "catchup": False,
        "max_active_runs": 1,
        "default_args": DEFAULT_ARGS,
        "tags": ["smugglewatch", *tags],
        "doc_md": doc,
    }
