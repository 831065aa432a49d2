"""DAG integrity: every DAG imports cleanly, carries tags, retries and docs, and parses without heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from smugglewatch.airflow_runner import DAGS_FOLDER, airflow_env
from smugglewatch.settings import Settings

EXPECTED_DAGS = {"smuggling_monitor", "referral_export", "retention", "classifier_training"}
HEAVY_MODULES = ("torch", "transformers", "scrapy", "duckdb", "pyarrow", "langdetect", "smugglewatch.stages")

_INSPECT = r"""
import json, sys, time
from airflow.dag_processing.dagbag import DagBag
started = time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])  # examples are off via AIRFLOW__CORE__LOAD_EXAMPLES
took = time.perf_counter() - started
out = {
    "errors": {k: str(v)[:500] for k, v in bag.import_errors.items()},
    "seconds": took,
    "heavy": [m for m in sys.argv[2].split(",") if m in sys.modules],
    "dags": {
        dag_id: {
            "tags": sorted(dag.tags),
            "doc": bool(dag.doc_md and dag.doc_md.strip()),
            "retries": [t.retries for t in dag.tasks],
        }
        for dag_id, dag in bag.dags.items()
    },
}
print("RESULT" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory: pytest.TempPathFactory) -> dict:
    settings = Settings(data_dir=tmp_path_factory.mktemp("var"))
    proc = subprocess.run(
        [sys.executable, "-c", _INSPECT, str(DAGS_FOLDER), ",".join(HEAVY_MODULES)],
        env=airflow_env(settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")), None)
    assert line, proc.stderr[-3000:]
    return json.loads(line[len("RESULT") :])


def test_dagbag_imports_every_dag_without_errors(dagbag: dict) -> None:
    assert dagbag["errors"] == {}
    assert set(dagbag["dags"]) == EXPECTED_DAGS


def test_every_dag_has_tags_docs_and_retries(dagbag: dict) -> None:
    for dag_id, dag in dagbag["dags"].items():
        assert "smugglewatch" in dag["tags"], dag_id
        assert dag["doc"], f"{dag_id} has no doc_md"
        assert all(r >= 1 for r in dag["retries"]), f"{dag_id} has a task without retries"


def test_parsing_the_dags_imports_nothing_heavy(dagbag: dict) -> None:
    # The scheduler parses DAG files continually: heavy libraries and stage code load only inside tasks.
    assert dagbag["heavy"] == []
    # Parse time measured for all four files together (Airflow's own import excluded); generous bound.
    assert dagbag["seconds"] < 10, f"DAG parsing took {dagbag['seconds']:.2f}s"
