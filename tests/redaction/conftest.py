"""Fixtures for the redaction tests: a redactor with a fixed key, and a DuckDB file with the 0060 tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from redaction.pseudonym import Keyring
from redaction.redactor import Redactor

MIGRATION = Path(__file__).resolve().parents[2] / "warehouse" / "migrations" / "0060_audit_vault.sql"


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """A redactor with a fixed in-memory key: tokens are stable across the test session."""
    return Redactor(Keyring("k1", {"k1": bytes(range(32))}))


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB file in tmp_path with the audit log and vault tables; always closed."""
    connection = duckdb.connect(str(tmp_path / "redaction.duckdb"))
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(MIGRATION.read_text())
    yield connection
    connection.close()


def surfaces(detect, text: str) -> list[tuple[str, str]]:
    """(surface text, normalised value) of every finding, for readable assertions."""
    return [(text[f.start : f.end], f.value) for f in detect(text)]
