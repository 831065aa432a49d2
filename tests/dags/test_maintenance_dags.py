"""The daily and manual DAGs, each run with `airflow dags test` on the warehouse the monitor filled."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from smugglewatch.airflow_runner import dag_run_state, dags_test
from smugglewatch.settings import Settings
from tests.dags.conftest import INTERVAL

pytestmark = pytest.mark.slow


def test_referral_export_writes_files_for_items_two_analysts_confirmed(first_run: dict) -> None:
    from warehouse.db import session
    from warehouse.queue import decide, list_items
    from warehouse.users import add_user, get_user

    settings: Settings = first_run["settings"]
    with session(settings) as conn:
        for name in ("exp_a", "exp_b"):
            if get_user(conn, name) is None:
                add_user(conn, name, "analyst")
        item = list_items(conn, limit=1, status="new")[0]
        label = item.model_label if item.model_label != "benign" else "smuggling_offer"
        decide(conn, item.item_id, "exp_a", "confirm", label=label)
        decide(conn, item.item_id, "exp_b", "confirm", label=label)
    log = dags_test("referral_export", INTERVAL, settings)
    assert dag_run_state(log) == "success"
    files = list((settings.data_dir / "exports" / "2026-11-20").glob("*.json"))
    assert files
    referred = [r for f in files for r in json.loads(f.read_text())["referrals"]]
    assert any(item.post_key.split(":")[-1] in json.dumps(r) for r in referred)


def test_retention_purges_and_verifies_the_audit_chain(first_run: dict) -> None:
    settings: Settings = first_run["settings"]
    log = dags_test("retention", INTERVAL, settings)
    assert dag_run_state(log) == "success"
    assert "verify_audit_chain" in log.read_text(errors="replace")


def test_retention_fails_the_run_when_the_audit_log_was_tampered_with(tmp_path: Path, first_run: dict) -> None:
    import shutil

    settings: Settings = first_run["settings"]
    copy = Settings(data_dir=tmp_path / "var", model_dir=settings.model_dir, fixture_site_url=settings.fixture_site_url)
    copy.data_dir.mkdir(parents=True)
    shutil.copy(settings.duckdb_path, copy.duckdb_path)
    shutil.copytree(settings.secrets_dir, copy.secrets_dir)
    conn = duckdb.connect(str(copy.duckdb_path))
    conn.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1")
    conn.close()
    log = dags_test("retention", INTERVAL, copy)
    assert dag_run_state(log) == "failed"
    assert "AuditChainBroken" in log.read_text(errors="replace")


def test_classifier_training_promotes_a_candidate_that_is_not_worse(
    tmp_path: Path, first_run: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from classifiers.model import current_model_dir

    settings: Settings = first_run["settings"]
    models = tmp_path / "models"
    shutil.copytree(settings.model_dir, models, symlinks=True)
    monkeypatch.setenv("SMUGGLEWATCH_CLASSIFIER__RETRAIN_TINY", "true")
    monkeypatch.setenv("SMUGGLEWATCH_CLASSIFIER__RETRAIN_POSTS", "600")
    trained = Settings(data_dir=settings.data_dir, model_dir=models, fixture_site_url=settings.fixture_site_url)
    before = current_model_dir(trained)
    log = dags_test("classifier_training", INTERVAL, trained)
    text = log.read_text(errors="replace")
    versions = [p for p in models.iterdir() if p.is_dir() and not p.is_symlink()]
    assert len(versions) == 2, "the candidate is written beside the old version, which stays"
    if dag_run_state(log) == "success":
        assert current_model_dir(trained) != before
    else:
        assert "ModelNotPromoted" in text
        assert current_model_dir(trained) == before
