"""A corpus, a tiny classifier and a fixture site shared by the end-to-end DAG tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from fixtures.generator import generate, write_corpus
from fixtures.site import start_site
from smugglewatch.airflow_runner import dags_test
from smugglewatch.settings import Settings

INTERVAL = datetime(2026, 11, 20, 10, tzinfo=UTC)
TABLES = ("posts", "post_versions", "assessments", "review_items", "decisions", "vault", "comments", "audit_log")


def table_counts(settings: Settings) -> dict[str, int]:
    conn = duckdb.connect(str(settings.duckdb_path), read_only=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="session")
def e2e_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e-corpus")
    write_corpus(generate(420, seed=21), out, seed=21)
    return out


@pytest.fixture(scope="session")
def tiny_model_root(tmp_path_factory: pytest.TempPathFactory, e2e_corpus: Path) -> Path:
    """A seconds-fast classifier (low quality, real code path) shared by every end-to-end run."""
    from classifiers.train import train_tiny_model

    root = tmp_path_factory.mktemp("models")
    train_tiny_model(root, e2e_corpus, Settings(data_dir=tmp_path_factory.mktemp("train-var")))
    return root


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Airflow task retries after 1 s and a single crawler retry, so failure paths run in seconds."""
    monkeypatch.setenv("SMUGGLEWATCH_RETRY_DELAY_S", "1")
    monkeypatch.setenv("SMUGGLEWATCH_CRAWL__RETRY_TIMES", "1")


@pytest.fixture(scope="session")
def site(e2e_corpus: Path):
    with start_site(e2e_corpus) as handle:
        yield handle


@pytest.fixture(scope="session")
def first_run(tmp_path_factory: pytest.TempPathFactory, site, tiny_model_root: Path) -> dict:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("e2e-var"), model_dir=tiny_model_root, fixture_site_url=site.url
    )
    log = dags_test("smuggling_monitor", INTERVAL, settings)
    return {"settings": settings, "log": log, "counts": table_counts(settings)}
