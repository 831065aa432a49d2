"""Opening the warehouse: file checks, lock retries and the schema check, in one place.

DuckDB lets one process write a file at a time (a second process cannot even open it while a writer holds it).
The batch loader, the CLI and the review app all write, so every caller opens a connection for one short unit of
work and closes it; ``connect`` waits with backoff while another process holds the lock instead of failing.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import duckdb

from warehouse.migrations import applied_versions, latest_version, migrate

if TYPE_CHECKING:
    from smugglewatch.settings import Settings

DEFAULT_LOCK_TIMEOUT_S = 60.0
CONFLICT_RETRIES = 8

P = ParamSpec("P")
T = TypeVar("T")


class WarehouseError(Exception):
    """A warehouse problem a user can act on; the message says what to do."""


class CorruptDatabaseError(WarehouseError):
    """The file exists but DuckDB cannot read it."""


class ForeignDatabaseError(WarehouseError):
    """A valid DuckDB file that was not created by smugglewatch."""


class SchemaTooNewError(WarehouseError):
    """The file was migrated by a newer smugglewatch than this one."""


class DatabaseBusyError(WarehouseError):
    """Another process kept the write lock for longer than we were willing to wait."""


def connect(
    settings: Settings,
    read_only: bool = False,
    *,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    apply_migrations: bool = True,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting for the lock, check it is ours and (when writable) bring its schema up to date."""
    path = Path(settings.duckdb_path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}; create it with `smugglewatch db migrate`")
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _open_with_retry(path, read_only, lock_timeout_s)
    try:
        try:
            conn.execute("SET TimeZone = 'UTC'")
            check_schema(conn, path)
        except duckdb.Error as exc:  # the header was fine but the catalog cannot be read
            raise _corrupt(path) from exc
        if not read_only and apply_migrations:
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _corrupt(path: Path) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        f"{path} is not a readable DuckDB warehouse (corrupt, truncated or another kind of file); "
        "restore it from a backup or point duckdb_path at a new file"
    )


@contextmanager
def session(settings: Settings, read_only: bool = False, **kwargs: Any) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one short unit of work, always closed so the next process can take the lock."""
    conn = connect(settings, read_only=read_only, **kwargs)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, rolling back on any error so no half-applied change survives."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def retry_on_conflict(fn: Callable[P, T]) -> Callable[P, T]:
    """Re-run a short write transaction that lost a write-write conflict to another connection in this process
    (DuckDB's optimistic concurrency: the review app serves requests on several threads). The wrapped function
    must own its transaction, so a retry starts from scratch."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        delay = 0.02
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                return fn(*args, **kwargs)
            except (duckdb.TransactionException, duckdb.ConstraintException) as exc:
                # Two transactions appending the next audit seq (or decision) collide as a duplicate key.
                concurrent = isinstance(exc, duckdb.TransactionException) or "Duplicate key" in str(exc)
                if not concurrent or attempt == CONFLICT_RETRIES:
                    raise
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)
        raise AssertionError("unreachable")

    return wrapper


def _open_with_retry(path: Path, read_only: bool, timeout_s: float) -> duckdb.DuckDBPyConnection:
    """Retry while another process holds the lock (jittered exponential backoff, capped at 0.1 s per wait)."""
    deadline = time.monotonic() + timeout_s
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            message = str(exc)
            if "Permission denied" in message:
                raise WarehouseError(
                    f"cannot open {path}: permission denied; check the file's owner and mode"
                ) from None
            if "lock" not in message.lower():
                raise _corrupt(path) from None
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(
                    f"{path} stayed locked by another process for {timeout_s:.0f} s; "
                    "wait for the running batch to finish and try again"
                ) from None
        except duckdb.Error:
            raise _corrupt(path) from None
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 0.1)


def check_schema(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file that is not ours, or that a newer smugglewatch has migrated."""
    tables = {row[0] for row in conn.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}
    if not tables:
        return
    if "schema_version" not in tables:
        raise ForeignDatabaseError(
            f"{path} is a DuckDB file but not a smugglewatch warehouse (no schema_version table); "
            "point duckdb_path at a new file instead of overwriting someone else's data"
        )
    columns = {
        row[0]
        for row in conn.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'schema_version'"
        ).fetchall()
    }
    if not {"version", "name", "checksum", "applied_at"} <= columns:
        raise ForeignDatabaseError(
            f"{path} has a schema_version table that smugglewatch did not create; point duckdb_path at a new file"
        )
    newest = max(applied_versions(conn), default=0)
    if newest > latest_version():
        raise SchemaTooNewError(
            f"{path} has schema version {newest}, newer than this smugglewatch understands ({latest_version()}); "
            "upgrade smugglewatch (git pull, then `make run` refreshes .venv) before using this warehouse"
        )


def table_exists(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when ``name`` is a table in the main schema (other packages' tables may not be migrated yet)."""
    row = conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary", [name]).fetchone()
    return bool(row and row[0])
