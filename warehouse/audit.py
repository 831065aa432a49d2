"""Audit entries through ``redaction.audit`` (the one writer of the hash-chained audit log).

The audit log table comes from redaction's migration 0060; until that package is installed and migrated, warehouse
operations still work and this adapter records nothing (``available`` says which case applies).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from warehouse.db import table_exists


class AuditRefusedError(Exception):
    """The audit log refused an entry (e.g. personal data in a reason); the operation was not carried out."""


def _module() -> Any | None:
    try:
        module = importlib.import_module("redaction.audit")
    except ImportError:
        return None
    return module if hasattr(module, "record") else None


def available(conn: duckdb.DuckDBPyConnection) -> bool:
    """True when entries written now would land in the audit log."""
    return _module() is not None and table_exists(conn, "audit_log")


def record(conn: duckdb.DuckDBPyConnection, **entry: Any) -> None:
    """One entry (keyword arguments of ``redaction.audit.record``), inside the caller's transaction."""
    if available(conn):
        with _refusals():
            _module().record(conn, **entry)


def record_many(conn: duckdb.DuckDBPyConnection, entries: Sequence[Mapping[str, Any]]) -> None:
    """Many entries in one call (a load records one per new post version)."""
    if not entries or not available(conn):
        return
    module = _module()
    with _refusals():
        if hasattr(module, "record_many"):
            module.record_many(conn, list(entries))
        else:
            for entry in entries:
                module.record(conn, **entry)


@contextmanager
def _refusals() -> Iterator[None]:
    error = getattr(_module(), "AuditError", None)
    try:
        yield
    except Exception as exc:
        if error is not None and isinstance(exc, error):
            raise AuditRefusedError(f"the audit log refused the entry: {exc}") from None
        raise
