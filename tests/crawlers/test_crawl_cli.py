"""``smugglewatch crawl`` through Click's runner: a saved page via file://, configured sources, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.site import SiteHandle
from smugglewatch.cli import main
from smugglewatch.settings import Settings
from tests.crawlers.conftest import read_items, realpage


@pytest.fixture
def cli_env(site: SiteHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import smugglewatch.settings as mod

    monkeypatch.setenv("SMUGGLEWATCH_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SMUGGLEWATCH_FIXTURE_SITE_URL", site.url)
    monkeypatch.setenv("SMUGGLEWATCH_CRAWL__MAX_AGE_DAYS", "3650")
    mod.get_settings.cache_clear()
    yield tmp_path
    mod.get_settings.cache_clear()


def test_a_saved_telegram_page_parses_through_the_crawl_code_path(tmp_path: Path, settings: Settings) -> None:
    page = realpage("telegram_tme_s", "durov__sherlock-telegram__channel_feed.html")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["crawl", "--platform", "telegram", "--start-url", page.as_uri(), "--out", str(out), "--quiet"]
    )

    assert result.exit_code == 0, result.output
    items = read_items(out)
    assert [i["post_id"] for i in items] == [str(n) for n in range(519, 540) if n != 530]
    assert items[0]["post_key"] == "telegram:durov__sherlock-telegram__channel_feed:519"
    assert items[0]["url"] == "https://t.me/durov/519" and items[0]["published_at"] == "2026-05-20T15:38:10+00:00"
    assert items[0]["text"].startswith("🤖 Your Telegram inbox can now run itself.\n\n")
    assert not (settings.data_dir / "crawl_state").exists()  # an ad-hoc run keeps no incremental state
    assert "20 new/changed posts" in result.output


def test_crawl_named_sources_with_progress_summary(site: SiteHandle, cli_env: Path) -> None:
    out = cli_env / "out"
    result = CliRunner().invoke(main, ["crawl", "--source", "group:expats-marketplace", "--out", str(out), "--quiet"])

    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["group__expats-marketplace.jsonl"]
    assert len(read_items(out)) == len(site.posts("group:expats-marketplace"))
    assert "group:expats-marketplace:" in result.output and "pages/s" in result.output
    state = json.loads((cli_env / "var" / "crawl_state" / "group__expats-marketplace.json").read_text())
    assert state["source"] == "group:expats-marketplace"


def test_an_unknown_source_is_refused_with_the_known_ones(cli_env: Path) -> None:
    result = CliRunner().invoke(main, ["crawl", "--source", "telegram:nowhere", "--out", str(cli_env / "o")])

    assert result.exit_code != 0
    assert "not in the configured sources: telegram:nowhere" in result.output
    assert "telegram:med_crossing_line" in result.output


def test_no_sources_and_no_site_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import smugglewatch.settings as mod

    monkeypatch.setenv("SMUGGLEWATCH_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SMUGGLEWATCH_FIXTURE_SITE_URL", "http://127.0.0.1:9")  # nothing listens on port 9
    mod.get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["crawl", "--out", str(tmp_path / "o")])
    finally:
        mod.get_settings.cache_clear()

    assert result.exit_code != 0
    assert "set crawl.sources or start the fixture site" in result.output


def test_platform_and_start_url_go_together(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["crawl", "--platform", "telegram", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "--platform and --start-url go together" in result.output


@pytest.mark.parametrize(
    ("platform", "parts", "count", "first_id"),
    [
        ("group", ("facebook_m", "southamericansincomputing_group__facebook-scraper__extracted_from_cassette.html"),
         21, "1629606003787605"),
        ("mastodon", ("mastodon", "post_edited__TootSDK.json"), 1, "112300188527054704"),
    ],
)  # fmt: skip
def test_saved_group_page_and_mastodon_status_parse_through_the_cli(
    platform: str, parts: tuple[str, str], count: int, first_id: str, tmp_path: Path, settings: Settings
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["crawl", "--platform", platform, "--start-url", realpage(*parts).as_uri(), "--out", str(out), "--quiet"]
    )

    assert result.exit_code == 0, result.output
    items = read_items(out)
    assert len(items) == count and items[0]["post_id"] == first_id
    assert all(i["platform"] == platform and i["published_at"] for i in items)
