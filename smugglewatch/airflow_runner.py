"""Run our DAGs with a repo-local Airflow: home under ``<data_dir>/airflow``, SQLite metadata, no examples.

``airflow dags test`` executes a whole DAG run in one process, which is what ``make run`` and the end-to-end tests
use; ``airflow standalone`` with the same environment runs the real scheduler (see README).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from smugglewatch.settings import REPO_ROOT, Settings

DAGS_FOLDER = REPO_ROOT / "dags"


class AirflowRunError(RuntimeError):
    """``airflow dags test`` failed; the message points at the log file."""


def airflow_env(settings: Settings) -> dict[str, str]:
    """Environment for every airflow command: our home, our DAGs, and our settings passed through."""
    home = settings.data_dir / "airflow"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            **settings_env(settings),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")])),
        }
    )
    return env


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings that locate data, as SMUGGLEWATCH_* variables, so task processes see what the caller sees."""
    fields = ("data_dir", "duckdb_path", "model_dir", "secrets_dir", "corpus_dir", "runs_dir", "fixture_site_url")
    return {f"SMUGGLEWATCH_{name.upper()}": str(getattr(settings, name)) for name in fields}


def _airflow_bin() -> str:
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else "airflow"


def ensure_metadata_db(settings: Settings) -> None:
    """Create or upgrade Airflow's SQLite metadata DB (seconds; a no-op when current)."""
    env = airflow_env(settings)
    marker = Path(env["AIRFLOW_HOME"]) / ".migrated"
    if marker.is_file():
        return
    subprocess.run([_airflow_bin(), "db", "migrate"], env=env, check=True, capture_output=True)
    marker.touch()


def dags_test(dag_id: str, logical_date: datetime, settings: Settings, log_path: Path | None = None) -> Path:
    """Run one DAG run in-process with ``airflow dags test`` and return its log.

    A run whose tasks failed still returns (read :func:`dag_run_state`); only a run that never finished (Airflow
    itself broke) raises :class:`AirflowRunError`.
    """
    ensure_metadata_db(settings)
    log_path = log_path or settings.data_dir / "airflow" / f"{dag_id}-{logical_date:%Y%m%dT%H%M%S}.log"
    with log_path.open("w") as log:
        proc = subprocess.run(
            [_airflow_bin(), "dags", "test", dag_id, logical_date.isoformat()],
            env=airflow_env(settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if dag_run_state(log_path) == "unknown":
        raise AirflowRunError(f"airflow dags test {dag_id} did not finish (exit {proc.returncode}); see {log_path}")
    return log_path


def dag_run_state(log_path: Path) -> str:
    """The final state of the run that ``dags test`` logged: 'success' or 'failed'."""
    text = log_path.read_text(errors="replace")
    if "DagRun Finished" not in text:
        return "unknown"
    tail = text[text.rindex("DagRun Finished") :]
    return "success" if "state=success" in tail.split("\n", 1)[0] else "failed"
