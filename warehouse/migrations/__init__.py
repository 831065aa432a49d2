"""Forward-only, versioned schema migrations: ``NNNN_name.sql`` files applied in order, each once.

The warehouse owns 0001-0049, the review app 0050-0059 and redaction 0060-0069 (docs/CONTRACTS.md). Each file runs
in its own transaction together with its ``schema_version`` row, so a failed migration leaves no trace.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).resolve().parent
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    checksum VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(directory: Path | None = None) -> list[Migration]:
    """Every migration file in version order; two files with one number are a packaging error."""
    directory = directory or MIGRATIONS_DIR
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file {path.name} does not follow NNNN_name.sql; rename it")
        version = int(match.group(1))
        if version in found:
            raise ValueError(f"migrations {found[version].path.name} and {path.name} share version {version}")
        found[version] = Migration(version, match.group(2), path)
    return [found[v] for v in sorted(found)]


def latest_version(directory: Path | None = None) -> int:
    """The newest schema version this code knows."""
    return max((m.version for m in discover(directory)), default=0)


def applied_versions(conn: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions recorded in ``schema_version`` (empty for a new file)."""
    exists = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND NOT temporary"
    ).fetchone()[0]
    if not exists:
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM schema_version").fetchall()}


def migrate(conn: duckdb.DuckDBPyConnection, directory: Path | None = None) -> list[int]:
    """Apply the pending migrations in order; return the versions applied (empty when up to date)."""
    conn.execute(_BOOTSTRAP)
    done = applied_versions(conn)
    applied: list[int] = []
    for migration in discover(directory):
        if migration.version in done:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(migration.sql)
            conn.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?, now())",
                [migration.version, migration.name, migration.checksum],
            )
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise RuntimeError(f"migration {migration.path.name} failed: {exc}") from exc
        conn.execute("COMMIT")
        applied.append(migration.version)
    return applied


def info(conn: duckdb.DuckDBPyConnection, directory: Path | None = None) -> dict:
    """Applied and pending versions, and files changed after they were applied."""
    known = {m.version: m for m in discover(directory)}
    rows = (
        conn.execute("SELECT version, name, checksum FROM schema_version ORDER BY version").fetchall()
        if applied_versions(conn)
        else []
    )
    return {
        "current": max((r[0] for r in rows), default=0),
        "latest": max(known, default=0),
        "applied": [{"version": v, "name": n} for v, n, _ in rows],
        "pending": [m.version for v, m in known.items() if v not in {r[0] for r in rows}],
        "changed_after_apply": [v for v, _, c in rows if v in known and known[v].checksum != c],
    }
