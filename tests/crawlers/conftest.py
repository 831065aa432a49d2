"""Crawler fixtures: a ~800-post corpus per session and a fixture site on a free loopback port per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.site import SiteHandle
from smugglewatch.settings import Settings

REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"
CORPUS_POSTS = 800  # enough for two or more listing pages on nearly every source


@pytest.fixture(scope="session")
def crawl_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fixtures.generator import generate, write_corpus

    out = tmp_path_factory.mktemp("crawl-corpus")
    write_corpus(generate(CORPUS_POSTS, seed=23), out, seed=23)
    return out


@pytest.fixture
def site(crawl_corpus: Path) -> Iterator[SiteHandle]:
    """A fresh fixture site (its own faults and mutations) over the shared corpus."""
    from fixtures.site import start_site

    with start_site(crawl_corpus, port=0) as handle:
        yield handle


@pytest.fixture
def crawl_settings(tmp_path: Path, site: SiteHandle) -> Settings:
    """Settings pointing at the test's site, with no age limit (the corpus is weeks old) and fast failure."""
    settings = Settings(data_dir=tmp_path / "var", fixture_site_url=site.url)
    settings.crawl.max_age_days = 3650
    settings.crawl.download_timeout_s = 10.0
    settings.crawl.retry_times = 3
    return settings


def read_items(out_dir: Path) -> list[dict]:
    """Every item of every source file in a crawl output directory."""
    return [json.loads(line) for path in sorted(out_dir.glob("*.jsonl")) for line in path.read_text().splitlines()]


def realpage(*parts: str) -> Path:
    path = REALPAGES.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"real saved pages not available ({path} is missing; they live in ../shared/realpages/)")
    return path
