"""End to end: `airflow dags test smuggling_monitor` against the fixture site, asserting the warehouse contents."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from fixtures.site import start_site
from smugglewatch.airflow_runner import dag_run_state, dags_test
from smugglewatch.settings import Settings
from tests.dags.conftest import INTERVAL, TABLES, table_counts

pytestmark = pytest.mark.slow

FAILING_SOURCE = "telegram:med_crossing_line"
RAW_PHONE = re.compile(r"7700\D?900\D?\d{3}|555\D?01\d\d|491\D?570")


def _query(settings: Settings, sql: str) -> list[tuple]:
    conn = duckdb.connect(str(settings.duckdb_path), read_only=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_batch_loads_every_post_of_every_source(first_run: dict, site) -> None:
    settings = first_run["settings"]
    assert dag_run_state(first_run["log"]) == "success"
    per_source = dict(_query(settings, "SELECT platform || ':' || source, count(*) FROM posts GROUP BY 1"))
    expected = {source: len(site.posts(source)) for source in site.sources()}
    assert per_source == expected
    counts = first_run["counts"]
    assert counts["assessments"] == counts["posts"] == counts["vault"]
    assert counts["audit_log"] > 0


def test_flagged_posts_reach_the_review_queue(first_run: dict) -> None:
    settings = first_run["settings"]
    flagged = _query(settings, "SELECT count(*) FROM assessments WHERE label <> 'benign' OR uncertain")[0][0]
    queued = _query(settings, "SELECT count(*) FROM review_items")[0][0]
    assert flagged > 0
    assert queued == flagged


def test_warehouse_holds_no_raw_identifiers_and_raw_files_are_gone(first_run: dict) -> None:
    settings = first_run["settings"]
    texts = [
        row[0]
        for row in _query(settings, "SELECT text_redacted FROM posts UNION ALL SELECT text_redacted FROM comments")
    ]
    assert texts
    assert not [t for t in texts if RAW_PHONE.search(t) or "@example." in t]
    assert any("⟨PHONE:" in t for t in texts)
    run_dirs = list((settings.runs_dir / "smuggling_monitor").iterdir())
    assert len(run_dirs) == 1
    assert not list(run_dirs[0].glob("crawl/*.jsonl")), "raw crawl files must be deleted after the load"
    assert list(run_dirs[0].glob("redacted/*.parquet"))


def test_rerunning_the_same_interval_adds_nothing_and_keeps_decisions(first_run: dict) -> None:
    from warehouse.db import session
    from warehouse.queue import decide, list_items
    from warehouse.users import add_user

    settings = first_run["settings"]
    with session(settings) as conn:
        add_user(conn, "ana", "analyst")
        item = list_items(conn, limit=1, status="new")[0]
        label = item.model_label if item.model_label != "benign" else "smuggling_offer"  # uncertain benign items
        decide(conn, item.item_id, "ana", "confirm", label=label, note="e2e")
    before = table_counts(settings)
    log = dags_test("smuggling_monitor", INTERVAL, settings)
    assert dag_run_state(log) == "success"
    after = table_counts(settings)
    assert {t: after[t] for t in TABLES if t != "audit_log"} == {t: before[t] for t in TABLES if t != "audit_log"}
    kept = _query(settings, "SELECT count(*) FROM decisions WHERE username = 'ana' AND note = 'e2e'")[0][0]
    assert kept == 1


@pytest.mark.usefixtures("fast_retries")
def test_a_failing_source_does_not_block_the_others(tmp_path: Path, e2e_corpus: Path, tiny_model_root: Path) -> None:
    with start_site(e2e_corpus) as failing_site:
        failing_site.set_fault("503", "/telegram/s/med_crossing_line", every=1)
        settings = Settings(data_dir=tmp_path / "var", model_dir=tiny_model_root, fixture_site_url=failing_site.url)
        log = dags_test("smuggling_monitor", INTERVAL, settings)
        expected = {s: len(failing_site.posts(s)) for s in failing_site.sources() if s != FAILING_SOURCE}
    assert dag_run_state(log) == "failed"
    text = log.read_text(errors="replace")
    assert f"ALERT: source {FAILING_SOURCE}" in text
    per_source = dict(_query(settings, "SELECT platform || ':' || source, count(*) FROM posts GROUP BY 1"))
    assert per_source == expected


def test_a_later_batch_picks_up_edits_deletions_and_new_posts(
    tmp_path: Path, e2e_corpus: Path, tiny_model_root: Path
) -> None:
    """The same stage functions, in-process (`smugglewatch run --no-airflow`), over two intervals."""
    from datetime import timedelta

    from smugglewatch.main_job import run_batch
    from smugglewatch.stages import run_dir_for_interval

    with start_site(e2e_corpus) as live:
        settings = Settings(data_dir=tmp_path / "var", model_dir=tiny_model_root, fixture_site_url=live.url)
        run_batch(settings, run_dir_for_interval("smuggling_monitor", INTERVAL, settings), echo=False)
        source = "group:expats-marketplace"
        edited, deleted = (f"{source}:{p['native_id']}" for p in live.posts(source)[:2])
        touched = live.mutate(edit=[edited], delete=[deleted], add=3)
        later = INTERVAL + timedelta(hours=1)
        summary = run_batch(settings, run_dir_for_interval("smuggling_monitor", later, settings), echo=False)
    assert summary["posts_new"] == 3
    assert summary["posts_edited"] == 1
    assert summary["posts_deleted"] == 1
    assert _query(settings, f"SELECT count(*) FROM post_versions WHERE post_key = '{edited}'")[0][0] == 2
    assert _query(settings, f"SELECT deleted_at IS NOT NULL FROM posts WHERE post_key = '{deleted}'")[0][0]
    assert len(touched["added"]) == 3
