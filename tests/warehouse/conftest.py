"""Warehouse fixtures: a migrated DuckDB file in tmp_path, users, a loaded sample run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from smugglewatch.settings import Settings
from tests.warehouse.runs import sample_rows, write_run
from warehouse.db import connect
from warehouse.load import load_run
from warehouse.users import add_user


@pytest.fixture
def conn(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a fresh, migrated warehouse file; always closed."""
    connection = connect(settings)
    yield connection
    connection.close()


@pytest.fixture
def users(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Two analysts, a supervisor and an auditor."""
    accounts = {"alice": "analyst", "bob": "analyst", "carol": "analyst", "sue": "supervisor", "otto": "auditor"}
    for name, role in accounts.items():
        add_user(conn, name, role)
    return accounts


@pytest.fixture
def loaded(settings: Settings, tmp_path: Path, users: dict[str, str], conn: duckdb.DuckDBPyConnection) -> Path:
    """The sample run loaded (the ``conn`` fixture is closed around the load so the loader can write)."""
    run = write_run(tmp_path / "runs" / "run-1", sample_rows(8))
    conn.close()
    load_run(settings, run)
    return run


@pytest.fixture
def db(settings: Settings, loaded: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse after the sample load."""
    connection = connect(settings)
    yield connection
    connection.close()
