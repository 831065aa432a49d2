"""The redaction commands through the real ``smugglewatch`` CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smugglewatch.cli import main
from smugglewatch.settings import Settings


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_redact_round_trip_writes_redacted_jsonl_with_offsets_into_the_input(
    settings: Settings, tmp_path: Path
) -> None:
    posts = [
        {"id": "telegram:c:1", "text": "WhatsApp +44 7700 900123, 2.500€"},
        {"id": "telegram:c:2", "text": "call 07700 900123 on 12/5"},
        {"id": "telegram:c:3", "text": "Flight TK 1881 at 14:30"},
    ]
    src, out = tmp_path / "in.jsonl", tmp_path / "out" / "redacted.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in posts))
    result = _invoke("redact", "--input", str(src), "--output", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [p["id"] for p in posts]
    assert set(rows[0]) == {"id", "text_redacted", "entities"}
    for post, row in zip(posts, rows, strict=True):
        for e in row["entities"]:
            assert set(e) == {"type", "start", "end", "token"}
            assert (
                e["token"] in row["text_redacted"] and post["text"][e["start"] : e["end"]] not in row["text_redacted"]
            )
    assert rows[0]["entities"][0]["token"] == rows[1]["entities"][0]["token"]
    assert rows[2]["text_redacted"] == posts[2]["text"] and rows[2]["entities"] == []
    assert "7700" not in result.output


def test_redact_names_the_line_of_bad_json_and_leaves_no_output(settings: Settings, tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"id": "a", "text": "+44 7700 900123"}\n{"id": "b", "text": \n')
    result = CliRunner().invoke(main, ["redact", "--input", str(src), "--output", str(out)])
    assert result.exit_code != 0
    assert "line 2" in result.output and "not valid JSON" in result.output
    assert "7700" not in result.output
    assert not out.exists() and list(tmp_path.glob(".out.jsonl.*")) == []


def test_redact_says_when_the_input_file_is_missing(settings: Settings, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["redact", "--input", str(tmp_path / "nope.jsonl"), "--output", "x.jsonl"])
    assert result.exit_code != 0 and "no such file" in result.output


def test_keys_rotate_adds_a_current_key_and_keeps_the_old_one(settings: Settings) -> None:
    assert "k1  (current)" in _invoke("keys", "list").output
    result = _invoke("keys", "rotate")
    assert result.exit_code == 0 and "new current key: k2" in result.output
    listing = _invoke("keys", "list").output
    assert "k1\n" in listing and "k2  (current)" in listing


def test_audit_verify_passes_then_catches_a_tampered_log(settings: Settings) -> None:
    from redaction import audit
    from warehouse.db import connect

    conn = connect(settings)
    try:
        for i in range(4):
            audit.record(conn, "collection", "loader", "system", "post", f"telegram:c:{i}")
    finally:
        conn.close()
    ok = _invoke("audit", "verify")
    assert ok.exit_code == 0 and "4 entries" in ok.output
    shown = _invoke("audit", "show", "--limit", "2")
    assert shown.exit_code == 0 and "telegram:c:3" in shown.output and "head hash" in shown.output

    conn = connect(settings)
    try:
        conn.execute("UPDATE audit_log SET object_id = 'telegram:c:99' WHERE seq = 3")
    finally:
        conn.close()
    broken = CliRunner().invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1 and "seq 3" in broken.output


def test_purge_dry_run_and_purge_report_counts(settings: Settings) -> None:
    dry = _invoke("purge", "--dry-run")
    assert dry.exit_code == 0 and dry.output.startswith("would delete:")
    real = _invoke("purge")
    assert real.exit_code == 0 and "vault_originals 0" in real.output


def test_audit_verify_says_what_to_do_when_there_is_no_warehouse(settings: Settings) -> None:
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code != 0 and "no warehouse" in result.output and "Traceback" not in result.output


def test_purge_deletes_old_export_files_and_run_dirs_after_logging_the_erasure(settings: Settings) -> None:
    import os
    import time

    from warehouse.db import connect

    old = time.time() - 200 * 86400  # past both TTLs (exports 183 days, run files 7)
    old_export = settings.data_dir / "exports" / "2026-05-01" / "batch-old.json"
    new_export = settings.data_dir / "exports" / "2026-11-20" / "batch-new.json"
    old_run = settings.runs_dir / "2026-05-01" / "run-old"
    for path in (old_export, new_export):
        path.parent.mkdir(parents=True)
        path.write_text('{"referrals": []}')
    old_run.mkdir(parents=True)
    (old_run / "redacted.parquet").write_bytes(b"x")
    for path in (old_export, old_export.parent, old_run):
        os.utime(path, (old, old))

    dry = _invoke("purge", "--dry-run")
    assert dry.exit_code == 0 and "export_files 1" in dry.output and "run_dirs 1" in dry.output
    assert old_export.exists() and old_run.exists()  # a dry run deletes nothing

    real = _invoke("purge")
    assert real.exit_code == 0 and "export_files 1" in real.output
    assert not old_export.exists() and not old_export.parent.exists() and not old_run.exists()
    assert new_export.exists()
    conn = connect(settings)
    try:
        logged = conn.execute(
            "SELECT object_type, details FROM audit_log WHERE operation = 'erasure' ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()
    by_class = {kind: json.loads(details) for kind, details in logged}
    assert by_class["export_files"] == {"count": 1, "ids": ["2026-05-01/batch-old.json"]}
    assert by_class["run_dirs"]["ids"] == ["2026-05-01/run-old"]
    rerun = _invoke("purge").output.removeprefix("deleted: ").strip()
    assert {int(part.rsplit(" ", 1)[1]) for part in rerun.split(", ")} == {0}  # a rerun finds nothing left
