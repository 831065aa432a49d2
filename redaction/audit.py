"""The audit log of personal-data operations (Art. 25 of Directive (EU) 2016/680): append-only, hash-chained.

Each entry's ``hash`` is sha256(prev_hash + canonical JSON of the entry), so editing, deleting or reordering any
entry breaks the chain from that point and :func:`verify` names the first broken ``seq``. Entries hold metadata
only (who, when, what operation, which object id, why); :func:`record` refuses text in which the detectors find
an identifier, so raw personal data never enters the log.

Purging old entries (retention) keeps the chain checkable: the purge appends an anchor entry (operation
``erasure``, object_type ``audit_log``) that records the last deleted ``seq`` and its hash; verification starts
from that anchor. Rewriting the whole chain from a point on is not detectable from inside the database; export the
head hash (``smugglewatch audit show``) to somewhere the database's writers cannot reach to close that gap.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

OPERATIONS = ("collection", "alteration", "consultation", "disclosure", "combination", "erasure")
GENESIS = "0" * 64
ANCHOR_TYPE = "audit_log"
_COLUMNS = (
    "seq", "at", "actor", "role", "operation", "object_type", "object_id", "justification", "recipient", "details",
)  # fmt: skip


# Identifier types refused in free text (names of colleagues and platform handles may legitimately appear).
_FORBIDDEN_IN_TEXT = frozenset({"PHONE", "EMAIL", "IBAN", "CARD", "CRYPTO", "PASSPORT", "NATIONAL_ID", "MRZ"})
_FORBIDDEN_IN_DETAILS = frozenset({"PHONE", "EMAIL", "IBAN", "CARD", "CRYPTO", "MRZ"})
# Detail strings worth running the detectors on (an '@', a long digit run, an MRZ filler, a long token), and
# content hashes, which are never personal data and only look like numbers by chance.
_SUSPECT = re.compile(r"[@＠<]|\d{7}|[0-9A-Za-z]{25}")
_HASH = re.compile(r"[0-9a-f]{16,64}")


_SELECT = ", ".join(f'"{c}"' for c in _COLUMNS)


def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    text = pa.string()
    return {"seq": pa.int64(), **{c: text for c in _COLUMNS[2:]}, "prev_hash": text, "hash": text}


class AuditError(ValueError):
    """An entry that must not be written (unknown operation, missing recipient, personal data in it)."""


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of a chain check: ``ok``, how many entries were checked, and the first broken one."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(entry: Mapping[str, Any]) -> str:
    """The JSON the hash covers: fixed keys, sorted, no spaces, UTC timestamp with microseconds."""
    data = {k: entry.get(k) for k in _COLUMNS}
    data["at"] = _timestamp(entry["at"])
    if isinstance(data["details"], str):
        data["details"] = json.loads(data["details"])
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode()).hexdigest()


def _check(entry: Mapping[str, Any]) -> None:
    from redaction.redactor import find  # late import: the detectors are only needed to write

    if entry["operation"] not in OPERATIONS:
        raise AuditError(f"unknown audit operation {entry['operation']!r}; use one of {', '.join(OPERATIONS)}")
    if entry["operation"] == "disclosure" and not entry.get("recipient"):
        raise AuditError("a disclosure entry needs its recipient")
    if not entry.get("actor") or not entry.get("role"):
        raise AuditError("an audit entry needs an actor and a role")
    justification = str(entry.get("justification") or "")
    if justification and any(f.type in _FORBIDDEN_IN_TEXT for f in find(justification)):
        raise AuditError("the justification contains personal data; describe the reason, refer to ids")
    for value in _strings(entry.get("details")):
        suspect = _SUSPECT.search(value) and not _HASH.fullmatch(value)
        if suspect and any(f.type in _FORBIDDEN_IN_DETAILS for f in find(value)):
            raise AuditError("audit details must not contain personal data; record counts and ids only")


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a details value (keys included), to check them one by one."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def _head(conn: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    rows = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
    return (rows[0][0], rows[0][1]) if rows else (0, GENESIS)


def _entry(seq: int, at: datetime, fields: Mapping[str, Any]) -> dict[str, Any]:
    details = fields.get("details")
    return {
        "seq": seq,
        "at": at,
        "actor": fields["actor"],
        "role": fields["role"],
        "operation": fields["operation"],
        "object_type": fields.get("object_type"),
        "object_id": None if fields.get("object_id") is None else str(fields["object_id"]),
        "justification": fields.get("justification"),
        "recipient": fields.get("recipient"),
        "details": None if details is None else json.loads(json.dumps(details, sort_keys=True, default=str)),
    }


def record_many(conn: duckdb.DuckDBPyConnection, entries: Sequence[Mapping[str, Any]]) -> list[int]:
    """Append entries in order (one chain step each) and return their seqs. Runs in the caller's transaction."""
    if not entries:
        return []
    for fields in entries:
        _check(fields)
    seq, prev = _head(conn)
    now = datetime.now(UTC)
    rows = []
    for fields in entries:
        seq += 1
        entry = _entry(seq, fields.get("at") or now, fields)
        digest = chain_hash(prev, entry)
        details = None if entry["details"] is None else json.dumps(entry["details"], sort_keys=True)
        rows.append([*(entry[k] for k in _COLUMNS[:-1]), details, prev, digest])
        prev = digest
    _insert(conn, rows)
    return [r[0] for r in rows]


_INSERT = (
    'INSERT INTO audit_log (seq, "at", actor, role, operation, object_type, object_id, justification, recipient,'
    " details, prev_hash, hash) "
)


def _insert(conn: duckdb.DuckDBPyConnection, rows: list[list[Any]]) -> None:
    """One row with parameters; many through an Arrow table (DuckDB's executemany goes row by row)."""
    if len(rows) == 1:
        conn.execute(_INSERT + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows[0]).fetchall()
        return
    import pyarrow as pa

    arrow_types = _arrow_types()
    names = [*(c for c in _COLUMNS), "prev_hash", "hash"]
    columns = {name: [r[i] for r in rows] for i, name in enumerate(names)}
    columns["at"] = pa.array(columns["at"], type=pa.timestamp("us", tz="UTC"))
    table = pa.table({k: columns[k] if k == "at" else pa.array(columns[k], type=arrow_types[k]) for k in names})
    conn.register("_audit_rows", table)
    try:
        conn.execute(_INSERT + 'SELECT seq, "at", actor, role, operation, object_type, object_id, justification, '
                     "recipient, details::JSON, prev_hash, hash FROM _audit_rows").fetchall()  # fmt: skip
    finally:
        conn.unregister("_audit_rows")


def record(
    conn: duckdb.DuckDBPyConnection,
    operation: str,
    actor: str,
    role: str,
    object_type: str | None = None,
    object_id: str | None = None,
    justification: str | None = None,
    recipient: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> int:
    """Append one entry and return its seq."""
    fields = {
        "operation": operation, "actor": actor, "role": role, "object_type": object_type, "object_id": object_id,
        "justification": justification, "recipient": recipient, "details": details,
    }  # fmt: skip
    return record_many(conn, [fields])[0]


def entries(conn: duckdb.DuckDBPyConnection, limit: int | None = None, newest_first: bool = False) -> list[dict]:
    """Entries as dicts (details parsed), oldest first unless ``newest_first``."""
    order = "DESC" if newest_first else "ASC"
    sql = f"SELECT {_SELECT}, prev_hash, hash FROM audit_log ORDER BY seq {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        entry = dict(zip(names, row, strict=True))
        if isinstance(entry["details"], str):
            entry["details"] = json.loads(entry["details"])
        out.append(entry)
    return out


def _anchor_for(rows: Iterable[dict], first_seq: int) -> str | None:
    """The hash recorded by the purge anchor for the entry just before ``first_seq``."""
    for row in rows:
        d = row["details"] or {}
        is_anchor = row["operation"] == "erasure" and row["object_type"] == ANCHOR_TYPE
        if is_anchor and d.get("deleted_through_seq") == first_seq - 1:
            return d.get("last_hash")
    return None


def verify(conn: duckdb.DuckDBPyConnection) -> VerifyResult:
    """Walk the chain; report the first entry whose seq, link or hash is wrong."""
    rows = entries(conn)
    if not rows:
        return VerifyResult(True, 0)
    first = rows[0]["seq"]
    expected_prev = GENESIS if first == 1 else _anchor_for(rows, first)
    if expected_prev is None:
        return VerifyResult(False, 0, first, "entries before this one were removed without a purge anchor")
    for i, row in enumerate(rows):
        if row["seq"] != first + i:
            return VerifyResult(False, i, first + i, "an entry is missing (seq gap) or entries were reordered")
        if row["prev_hash"] != expected_prev:
            return VerifyResult(False, i, row["seq"], "prev_hash does not match the previous entry's hash")
        if chain_hash(row["prev_hash"], row) != row["hash"]:
            return VerifyResult(False, i, row["seq"], "the entry was altered after it was written")
        expected_prev = row["hash"]
    return VerifyResult(True, len(rows))


def purge_before(conn: duckdb.DuckDBPyConnection, cutoff: datetime, actor: str, role: str) -> int:
    """Delete entries older than ``cutoff`` and append the anchor that keeps the rest verifiable."""
    row = conn.execute(
        'SELECT max(seq) FROM audit_log WHERE "at" < ? AND seq < (SELECT max(seq) FROM audit_log)', [cutoff]
    ).fetchall()
    through = row[0][0] if row else None
    if through is None:
        return 0
    last_hash = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", [through]).fetchall()[0][0]
    first = conn.execute("SELECT min(seq) FROM audit_log").fetchall()[0][0]
    record(
        conn, "erasure", actor, role, ANCHOR_TYPE, f"{first}-{through}",
        details={"deleted_through_seq": through, "last_hash": last_hash, "count": through - first + 1},
    )  # fmt: skip
    conn.execute("DELETE FROM audit_log WHERE seq <= ?", [through])
    return through - first + 1
