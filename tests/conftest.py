"""Shared fixtures: an isolated settings object per test and a small corpus per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from smugglewatch.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
REALPAGES = SHARED / "realpages"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings rooted in a fresh temporary data directory; also what get_settings() returns in this test."""
    import smugglewatch.settings as mod

    monkeypatch.setenv("SMUGGLEWATCH_DATA_DIR", str(tmp_path / "var"))
    mod.get_settings.cache_clear()
    yield mod.get_settings()
    mod.get_settings.cache_clear()


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1,200-post corpus generated once per test session."""
    from fixtures.generator import generate, write_corpus

    out = tmp_path_factory.mktemp("corpus")
    write_corpus(generate(1200, seed=11), out, seed=11)
    return out
