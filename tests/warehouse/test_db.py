"""Opening the warehouse: migrations, and clear refusals for files that are not ours or too new."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest

from smugglewatch.settings import Settings
from warehouse.db import (
    CorruptDatabaseError,
    DatabaseBusyError,
    ForeignDatabaseError,
    SchemaTooNewError,
    WarehouseError,
    connect,
)
from warehouse.migrations import discover, info, latest_version, migrate


def test_first_connect_applies_every_migration_in_order(settings: Settings) -> None:
    conn = connect(settings)
    try:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
        tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        conn.close()
    assert versions == [m.version for m in discover()]
    assert versions[-1] == latest_version()
    assert {"posts", "post_versions", "assessments", "review_items", "decisions", "referrals", "users"} <= tables


def test_migrate_is_idempotent(settings: Settings) -> None:
    connect(settings).close()
    conn = connect(settings)
    try:
        assert migrate(conn) == []
        state = info(conn)
    finally:
        conn.close()
    assert state["pending"] == []
    assert state["current"] == state["latest"]
    assert state["changed_after_apply"] == []


def test_corrupt_file_is_refused_with_a_clear_error(settings: Settings) -> None:
    settings.duckdb_path.parent.mkdir(parents=True)
    settings.duckdb_path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(CorruptDatabaseError, match="not a readable DuckDB warehouse"):
        connect(settings)
    assert settings.duckdb_path.read_bytes().startswith(b"this is not a database")  # left untouched


@pytest.mark.parametrize("keep", [1 / 3, 12 * 1024])
def test_truncated_warehouse_is_refused_with_a_clear_error(settings: Settings, keep: float) -> None:
    conn = connect(settings)
    conn.execute("INSERT INTO users (username, role) VALUES ('alice', 'analyst')")
    conn.close()
    data = settings.duckdb_path.read_bytes()
    settings.duckdb_path.write_bytes(data[: int(len(data) * keep) if keep < 1 else int(keep)])
    with pytest.raises(CorruptDatabaseError, match="corrupt, truncated"):
        connect(settings, lock_timeout_s=1)


def test_foreign_duckdb_file_is_refused(settings: Settings) -> None:
    settings.duckdb_path.parent.mkdir(parents=True)
    other = duckdb.connect(str(settings.duckdb_path))
    other.execute("CREATE TABLE invoices (id INTEGER, amount DOUBLE)")
    other.close()
    with pytest.raises(ForeignDatabaseError, match="not a smugglewatch warehouse"):
        connect(settings)
    check = duckdb.connect(str(settings.duckdb_path), read_only=True)
    try:
        assert [r[0] for r in check.execute("SELECT table_name FROM duckdb_tables()").fetchall()] == ["invoices"]
    finally:
        check.close()


def test_foreign_schema_version_table_is_refused(settings: Settings) -> None:
    settings.duckdb_path.parent.mkdir(parents=True)
    other = duckdb.connect(str(settings.duckdb_path))
    other.execute("CREATE TABLE schema_version (v INTEGER)")
    other.close()
    with pytest.raises(ForeignDatabaseError, match="did not create"):
        connect(settings)


def test_schema_newer_than_the_code_is_refused(settings: Settings) -> None:
    connect(settings).close()
    raw = duckdb.connect(str(settings.duckdb_path))
    raw.execute("INSERT INTO schema_version VALUES (9999, 'from_the_future', 'x', now())")
    raw.close()
    for read_only in (False, True):
        with pytest.raises(SchemaTooNewError, match="upgrade smugglewatch"):
            connect(settings, read_only=read_only)


def test_read_only_connect_to_a_missing_warehouse_says_how_to_create_it(settings: Settings) -> None:
    with pytest.raises(WarehouseError, match="smugglewatch db migrate"):
        connect(settings, read_only=True)


def test_connect_waits_for_the_lock_and_then_gives_a_clear_busy_error(settings: Settings) -> None:
    connect(settings).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
         " time.sleep(3)", str(settings.duckdb_path)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError, match="locked by another process"):
            connect(settings, lock_timeout_s=0.5)
        assert time.monotonic() - started >= 0.5
        conn = connect(settings, lock_timeout_s=30)  # waits until the holder exits
        conn.close()
    finally:
        holder.wait(timeout=30)
        holder.stdout.close()
