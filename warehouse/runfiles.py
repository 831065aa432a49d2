"""The run-file contract between the pipeline stages and the loader, as Arrow schemas in one place.

Stages write ``<run_dir>/redacted/*.parquet`` (one row per post) and ``<run_dir>/classified/*.parquet`` (one row per
post version and model) with these helpers; ``warehouse.load.load_run`` reads them. Nested values (entities,
comments, scores, evidence) travel as JSON strings so a schema change in one stage never breaks Parquet reading.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

REDACTED_DIR = "redacted"
CLASSIFIED_DIR = "classified"

_TS = pa.timestamp("us", tz="UTC")

REDACTED_SCHEMA = pa.schema(
    [
        pa.field("post_key", pa.string(), nullable=False),
        pa.field("platform", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("native_id", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("author_token", pa.string()),
        pa.field("text_redacted", pa.string(), nullable=False),
        pa.field("entities", pa.string()),  # JSON [{type, start, end, token}] (offsets into the original text)
        pa.field("comments", pa.string()),  # JSON [{by_poster, author_token, text_redacted}]
        pa.field("lang", pa.string()),
        pa.field("lang_prob", pa.float64()),
        pa.field("published_at", _TS),
        pa.field("edited_at", _TS),
        pa.field("crawled_at", _TS, nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),  # sha256 of the original text
        pa.field("vault_nonce", pa.binary()),  # from redaction.vault.seal(original)
        pa.field("vault_ciphertext", pa.binary()),
        pa.field("vault_key_id", pa.string()),
        pa.field("vault_sha256", pa.string()),
    ]
)

CLASSIFIED_SCHEMA = pa.schema(
    [
        pa.field("post_key", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("model_version", pa.string(), nullable=False),
        pa.field("label", pa.string(), nullable=False),  # smuggling_offer | document_fraud | benign
        pa.field("score", pa.float64(), nullable=False),
        pa.field("scores", pa.string()),  # JSON {label: probability}
        pa.field("evidence", pa.string()),  # JSON [{start, end, kind}] (offsets into text_redacted)
        pa.field("uncertain", pa.bool_(), nullable=False),
    ]
)

_JSON_FIELDS = {"entities", "comments", "scores", "evidence"}


def _normalise(row: Mapping[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """Keep the schema's columns; serialise nested values to JSON so callers can pass plain Python objects."""
    out: dict[str, Any] = {}
    for field in schema:
        value = row.get(field.name)
        if field.name in _JSON_FIELDS and value is not None and not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out[field.name] = value
    return out


def to_table(rows: Iterable[Mapping[str, Any]], schema: pa.Schema) -> pa.Table:
    """Python rows to an Arrow table with exactly ``schema`` (timestamps may be datetimes or ISO strings)."""
    normalised = [_normalise(r, schema) for r in rows]
    columns = {}
    for field in schema:
        values = [r[field.name] for r in normalised]
        if pa.types.is_timestamp(field.type):
            values = [_parse_ts(v) for v in values]
        columns[field.name] = pa.array(values, type=field.type)
    return pa.table(columns, schema=schema)


def _parse_ts(value: Any) -> Any:
    from datetime import UTC, datetime

    if isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value


def write_table(table: pa.Table, path: Path) -> Path:
    """Write Parquet atomically (temp file, then rename) so the loader never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return path


def write_redacted(run_dir: Path, name: str, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write ``<run_dir>/redacted/<name>.parquet`` with REDACTED_SCHEMA."""
    return write_table(to_table(rows, REDACTED_SCHEMA), Path(run_dir) / REDACTED_DIR / f"{name}.parquet")


def write_classified(run_dir: Path, name: str, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write ``<run_dir>/classified/<name>.parquet`` with CLASSIFIED_SCHEMA."""
    return write_table(to_table(rows, CLASSIFIED_SCHEMA), Path(run_dir) / CLASSIFIED_DIR / f"{name}.parquet")


def run_files(run_dir: Path, stage: str) -> list[Path]:
    """The finished Parquet files of one stage (temp files excluded), in a stable order."""
    return sorted(p for p in (Path(run_dir) / stage).glob("*.parquet") if not p.name.startswith("."))
