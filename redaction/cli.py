"""``smugglewatch redact | audit | purge | keys``: redaction and data-protection commands."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from smugglewatch.cli_support import fail, writable_dir


def _settings():
    from smugglewatch.settings import get_settings

    return get_settings()


def _connect(read_only: bool = False):
    """The warehouse connection (migrated by the warehouse package); a warehouse problem becomes a clear error."""
    from warehouse.db import WarehouseError, connect

    try:
        return connect(_settings(), read_only=read_only)
    except WarehouseError as exc:
        fail(str(exc))


def _read_posts(path: Path):
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        fail(f"--input {path}: no such file", 'give the path of a JSONL file with one {"id", "text"} per line')
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                post = json.loads(line)
            except json.JSONDecodeError as exc:
                fail(f"--input {path}, line {number}: not valid JSON ({exc.msg} at column {exc.colno})")
            if not isinstance(post, dict) or "id" not in post or not isinstance(post.get("text"), str):
                fail(f'--input {path}, line {number}: expected an object with "id" and a string "text"')
            yield post


@click.command("redact")
@click.option("--input", "input_path", type=click.Path(path_type=Path), required=True,
              help="JSONL file, one {\"id\", \"text\"} per line.")  # fmt: skip
@click.option("--output", "output_path", type=click.Path(path_type=Path), required=True,
              help="JSONL file to write {\"id\", \"text_redacted\", \"entities\"} to (written atomically).")  # fmt: skip
def redact(input_path: Path, output_path: Path) -> None:
    """Replace identifiers in texts by keyed tokens; offsets in "entities" point into the input text."""
    from redaction.redactor import Redactor

    redactor = Redactor.from_settings(_settings())
    writable_dir(output_path.parent, "--output")
    fd, tmp = tempfile.mkstemp(dir=output_path.parent, prefix=f".{output_path.name}.")
    count = entities = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for post in _read_posts(input_path):
                result = redactor.redact(post["text"])
                row = {"id": post["id"], "text_redacted": result.text_redacted, "entities": result.entities}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
                entities += len(result.entities)
        os.replace(tmp, output_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"redacted {count} texts, {entities} identifiers -> {output_path}")


@click.group("audit")
def audit() -> None:
    """The hash-chained audit log of personal-data operations."""


@audit.command("verify")
def audit_verify() -> None:
    """Check the chain; exit 1 naming the first broken entry."""
    from redaction.audit import verify

    conn = _connect(read_only=True)
    try:
        result = verify(conn)
    finally:
        conn.close()
    if not result.ok:
        click.echo(f"audit log BROKEN at seq {result.first_broken_seq}: {result.reason}", err=True)
        raise SystemExit(1)
    click.echo(f"audit log OK: {result.checked} entries, chain intact")


@audit.command("show")
@click.option("--limit", type=int, default=20, show_default=True, help="How many of the newest entries to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of a table.")
def audit_show(limit: int, as_json: bool) -> None:
    """The newest entries (metadata only: the log never holds personal data) and the head hash."""
    from redaction.audit import entries

    conn = _connect(read_only=True)
    try:
        rows = entries(conn, limit=limit, newest_first=True)
    finally:
        conn.close()
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, default=str, ensure_ascii=False))
        else:
            who = f"{row['actor']} ({row['role']})"
            obj = f"{row['object_type'] or '-'}:{row['object_id'] or '-'}"
            extra = row["justification"] or row["recipient"] or ""
            click.echo(
                f"{row['seq']:>6}  {row['at']:%Y-%m-%d %H:%M:%S}  {row['operation']:<12} {who:<28} {obj}  {extra}"
            )
    if rows:
        click.echo(f"head hash: {rows[0]['hash']}  (keep a copy outside the database to anchor the chain)")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what has expired without deleting anything.")
def purge(dry_run: bool) -> None:
    """Delete data past its retention period (settings.retention) and log each erasure as metadata.

    Warehouse rows, run directories and referral export files: the same job the retention DAG runs.
    """
    from smugglewatch.maintenance import purge_stage
    from warehouse.db import WarehouseError

    try:
        counts = purge_stage(_settings(), dry_run=dry_run)
    except WarehouseError as exc:
        fail(str(exc))
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{verb}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.group("keys")
def keys() -> None:
    """Pseudonymisation keys (HMAC): list and rotate."""


@keys.command("list")
def keys_list() -> None:
    """Key ids and which one is current (never the key material)."""
    from redaction.pseudonym import Keyring

    ring = Keyring.from_settings(_settings())
    for key_id in sorted(ring.keys):
        click.echo(f"{key_id}{'  (current)' if key_id == ring.current else ''}")


@keys.command("rotate")
def keys_rotate() -> None:
    """Add a new current key; old keys stay for lookups. New tokens no longer link with old ones."""
    from redaction.pseudonym import KeyFileError, Keyring

    ring = Keyring.from_settings(_settings())
    try:
        new_id = ring.rotate()
    except KeyFileError as exc:
        fail(str(exc))
    click.echo(f"new current key: {new_id} (kept: {', '.join(sorted(k for k in ring.keys if k != new_id))})")
