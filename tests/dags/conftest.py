"""A corpus, a tiny classifier and a fixture site shared by the end-to-end DAG tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.generator import generate, write_corpus
from smugglewatch.settings import Settings


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
