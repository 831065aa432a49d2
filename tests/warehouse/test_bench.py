"""The warehouse benchmark still runs and prints its JSON (at a toy size)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_warehouse_prints_bulk_row_and_load_rates() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_warehouse", "--posts", "1200", "--row-sample", "50", "--repeat", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(proc.stdout)
    assert result["bulk_insert"]["rows"] == 1200
    assert result["row_inserts"]["rows"] == 50
    assert result["bulk_speedup"] > 1
    assert result["load_run"]["posts"] == 1200
    assert result["load_run"]["reload_changed_anything"] is False
