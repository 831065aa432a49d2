"""Worker processes for the two-process test: one loads runs, the other records decisions, concurrently.

Run as ``python -m tests.warehouse.workers load|decide OUT.json ...`` with SMUGGLEWATCH_DATA_DIR set; each writes
what it did (and when) to OUT.json so the test can check overlap and completeness.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from smugglewatch.settings import get_settings
from warehouse.db import session
from warehouse.load import load_run
from warehouse.queue import decide


def load_worker(out: Path, run_dirs: list[str], rounds: int) -> None:
    spans = []
    for _ in range(rounds):
        for run_dir in run_dirs:
            start = time.time()
            stats = load_run(get_settings(), Path(run_dir))
            spans.append({"start": start, "end": time.time(), "posts_in": stats.posts_in})
            time.sleep(0.15)  # batches are separate runs; the gap is when the app gets its turn
    out.write_text(json.dumps({"loads": spans}))


def decide_worker(out: Path, item_ids: list[int]) -> None:
    done = []
    for item_id in item_ids:
        for user in ("alice", "bob"):
            start = time.time()
            with session(get_settings()) as conn:
                result = decide(conn, item_id, user, "confirm")
            done.append({"start": start, "end": time.time(), "item": item_id, "user": user, "id": result.decision_id})
    out.write_text(json.dumps({"decisions": done}))


if __name__ == "__main__":
    role, out_path, *rest = sys.argv[1:]
    if role == "load":
        load_worker(Path(out_path), rest[1:], int(rest[0]))
    else:
        decide_worker(Path(out_path), [int(x) for x in rest])
