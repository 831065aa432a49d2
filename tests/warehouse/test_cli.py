"""The warehouse commands through the real ``smugglewatch`` CLI, asserting on the database afterwards."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smugglewatch.cli import main
from smugglewatch.settings import Settings
from warehouse.db import connect
from warehouse.queue import get_item


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_db_migrate_then_info(settings: Settings) -> None:
    code, out = run("db", "migrate")
    assert code == 0 and "schema version" in out
    code, out = run("db", "migrate")
    assert code == 0 and "up to date" in out
    code, out = run("db", "info")
    data = json.loads(out)
    assert data["pending"] == [] and data["tables"]["posts"] == 0


def test_queue_list_filters_and_prints_json(settings: Settings, loaded: Path) -> None:
    code, out = run("queue", "list", "--platform", "telegram", "--min-score", "0.5", "--json")
    assert code == 0
    items = json.loads(out)
    assert items and {i["platform"] for i in items} == {"telegram"}
    code, out = run("queue", "list", "--status", "new", "--limit", "2")
    assert code == 0 and len(out.strip().splitlines()) == 3  # header + two items


def test_queue_decide_twice_makes_the_item_referable_then_export_and_report(
    settings: Settings, loaded: Path, tmp_path: Path
) -> None:
    item = json.loads(run("queue", "list", "--json", "--limit", "1")[1])[0]["item_id"]
    code, out = run("queue", "decide", str(item), "--user", "alice", "--decision", "confirm", "--note", "same ad")
    assert code == 0 and "needs_second" in out
    code, out = run("queue", "decide", str(item), "--user", "bob", "--decision", "confirm")
    assert code == 0 and "referable" in out
    code, out = run("export", "--out", str(tmp_path / "ref"))
    assert code == 0 and "1 referrals" in out
    code, out = run("report", "--out", str(tmp_path / "rep"))
    assert code == 0
    report = json.loads((tmp_path / "rep" / "report.json").read_text())
    assert report["totals"]["referrals"] == 1
    assert "<svg" in (tmp_path / "rep" / "report.html").read_text()
    conn = connect(settings, read_only=True)
    try:
        assert get_item(conn, item).status == "referred"
    finally:
        conn.close()


def test_unknown_user_gets_a_clear_error_and_no_decision(settings: Settings, loaded: Path) -> None:
    result = CliRunner().invoke(main, ["queue", "decide", "1", "--user", "nobody", "--decision", "confirm"])
    assert result.exit_code == 1
    assert "unknown user 'nobody'" in result.output and "smugglewatch users add" in result.output
    assert "Traceback" not in result.output


def test_corrupt_warehouse_gives_a_clear_cli_error(settings: Settings) -> None:
    settings.duckdb_path.parent.mkdir(parents=True)
    settings.duckdb_path.write_bytes(b"\0garbage" * 1000)
    result = CliRunner().invoke(main, ["queue", "list"])
    assert result.exit_code == 1 and "not a readable DuckDB warehouse" in result.output


def test_export_with_nothing_confirmed_says_so(settings: Settings, loaded: Path, tmp_path: Path) -> None:
    code, out = run("export", "--out", str(tmp_path / "ref"))
    assert code == 0 and "nothing to refer" in out
    assert list((tmp_path / "ref").iterdir()) == []
