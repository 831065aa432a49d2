"""One writer at a time: a batch loading in one process while analysts decide in another loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from smugglewatch.settings import Settings
from tests.warehouse.runs import T0, sample_rows, write_run
from warehouse.db import connect
from warehouse.load import load_run
from warehouse.users import add_user

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_loads_and_decisions_in_two_processes_both_complete_and_lose_nothing(settings: Settings, tmp_path: Path):
    first = write_run(tmp_path / "runs" / "run-0", sample_rows(1500))
    conn = connect(settings)
    add_user(conn, "alice", "analyst")
    add_user(conn, "bob", "analyst")
    conn.close()
    load_run(settings, first)
    conn = connect(settings, read_only=True)
    decided = conn.execute("SELECT item_id, post_key FROM review_items ORDER BY item_id LIMIT 25").fetchall()
    conn.close()
    items, decided_posts = [i for i, _ in decided], {k for _, k in decided}
    runs = []
    for k in range(1, 4):  # every run edits every other post, so each load does real work under the lock
        rows = sample_rows(1500, crawled_at=T0 + timedelta(hours=k))
        for row in rows:
            if row["post_key"] in decided_posts:
                continue  # an edit would rightly send a decided item back to the queue (test_load covers that)
            row["text_redacted"] += f" (update {k})"
            row["content_hash"] = f"{k:x}" + row["content_hash"][1:]
        runs.append(str(write_run(tmp_path / "runs" / f"run-{k}", rows)))

    env = {**os.environ, "SMUGGLEWATCH_DATA_DIR": str(settings.data_dir)}
    loader_out, decider_out = tmp_path / "loader.json", tmp_path / "decider.json"
    loader = subprocess.Popen([sys.executable, "-m", "tests.warehouse.workers", "load", str(loader_out), "2", *runs],
                              cwd=REPO, env=env)  # fmt: skip
    decider = subprocess.Popen(
        [sys.executable, "-m", "tests.warehouse.workers", "decide", str(decider_out), *map(str, items)],
        cwd=REPO,
        env=env,
    )
    assert loader.wait(timeout=300) == 0
    assert decider.wait(timeout=300) == 0

    loads = json.loads(loader_out.read_text())["loads"]
    decisions = json.loads(decider_out.read_text())["decisions"]
    assert len(loads) == 6 and len(decisions) == 2 * len(items)
    first_load, last_load = loads[0]["start"], loads[-1]["end"]
    between = [d for d in decisions if first_load < d["start"] and d["end"] < last_load]
    waited = [d for d in decisions if any(lo["start"] < d["start"] < lo["end"] for lo in loads)]
    assert between, "no decision was recorded while the batch was running"
    assert waited, "no decision had to wait for a load (the processes never contended for the lock)"

    conn = connect(settings, read_only=True)
    try:
        stored = conn.execute("SELECT item_id, username FROM decisions ORDER BY decision_id").fetchall()
        statuses = {r[0] for r in conn.execute(
            "SELECT status FROM review_items WHERE list_contains(?, item_id)", [items]).fetchall()}  # fmt: skip
        loads_done = conn.execute("SELECT sum(loads) FROM crawl_runs").fetchone()[0]
        versions = conn.execute("SELECT max(version) FROM posts").fetchone()[0]
    finally:
        conn.close()
    assert stored == [(d["item"], d["user"]) for d in decisions]
    assert statuses == {"referable"}
    assert loads_done == 1 + 6
    assert versions == 4
