"""Classifier fixtures: one tiny trained model per test session (seconds to train, low quality by design)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smugglewatch.settings import Settings


@pytest.fixture(scope="session")
def tiny_model_root(small_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model root with one tiny model version and ``current`` pointing at it."""
    from classifiers.train import train_tiny_model

    root = tmp_path_factory.mktemp("models")
    settings = Settings(data_dir=tmp_path_factory.mktemp("var"))
    train_tiny_model(root, small_corpus, settings)
    return root


@pytest.fixture(scope="session")
def tiny_model(tiny_model_root: Path) -> Path:
    """The tiny model's version directory."""
    return (tiny_model_root / "current").resolve()
