"""Every fault mode of the fixture site, each survived by a real crawl and counted in its stats."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from crawlers.middlewares import AllowListMiddleware, retry_after_seconds
from crawlers.run import crawl
from crawlers.spiders.base import CrawlOptions
from crawlers.spiders.telegram import TelegramSpider
from fixtures.site import SiteHandle
from smugglewatch.settings import Settings, SourceSpec
from tests.crawlers.conftest import read_items


def keys_of(out: Path, source: str) -> set[str]:
    return {i["post_key"] for i in read_items(out) if f"{i['platform']}:{i['source']}" == source}


def expected_keys(site: SiteHandle, source: str) -> set[str]:
    return {f"{source}:{p['native_id']}" for p in site.posts(source)}


def test_429_is_retried_after_the_servers_retry_after(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    source = "telegram:med_crossing_line"
    site.set_fault("429", "/telegram/s/med_crossing_line", count=2, retry_after=1)
    stats = crawl(crawl_settings, [source], out_dir=tmp_path / "o")

    assert keys_of(tmp_path / "o", source) == expected_keys(site, source)
    assert stats.errors == {"http_429_retried": 2}
    assert stats.crawl_s >= 2.0  # waited Retry-After (1 s) before each of the two retries


def test_a_retry_after_beyond_the_limit_gives_up_and_is_counted(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    crawl_settings.crawl.max_retry_after_s = 0.5
    site.set_fault("429", "/telegram/s/safe_roads_info", count=10, retry_after=30)
    stats = crawl(crawl_settings, ["telegram:safe_roads_info"], out_dir=tmp_path / "o")

    assert stats.errors == {"http_429_retry_after_too_long": 1, "http_429": 1}
    assert stats.crawl_s < 10
    assert (tmp_path / "o" / "telegram__safe_roads_info.jsonl").read_text() == ""


def test_503_is_retried_with_backoff(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    sources = ["group:migrants-help-hub", "group:expats-marketplace"]
    site.set_fault("503", "/groups", every=3)
    stats = crawl(crawl_settings, sources, out_dir=tmp_path / "o")

    for source in sources:
        assert keys_of(tmp_path / "o", source) == expected_keys(site, source)
    assert stats.errors.get("http_503_retried", 0) >= 1
    assert set(stats.errors) == {"http_503_retried"}


def test_a_slow_page_times_out_and_is_fetched_again(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    crawl_settings.crawl.download_timeout_s = 1.0
    site.set_fault("slow", "/classifieds/travel", count=1, delay=3.0)
    stats = crawl(crawl_settings, ["classifieds:travel"], out_dir=tmp_path / "o")

    assert keys_of(tmp_path / "o", "classifieds:travel") == expected_keys(site, "classifieds:travel")
    assert set(stats.errors) == {"timeout_retried"}  # recovered: nothing was lost


def test_malformed_html_is_counted_and_refetched(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    sources = ["classifieds:documents", "group:diaspora-community", "telegram:docs_fast_service"]
    for prefix in ("/classifieds", "/groups", "/telegram"):
        site.set_fault("malformed_html", prefix, count=1)
    stats = crawl(crawl_settings, sources, out_dir=tmp_path / "o")

    for source in sources:
        assert keys_of(tmp_path / "o", source) == expected_keys(site, source)
    assert stats.errors == {"malformed_html": 3}


def test_a_page_that_stays_malformed_never_crashes_the_crawl(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    site.set_fault("malformed_html", "/groups/travel-buddies-europe")
    stats = crawl(crawl_settings, ["group:travel-buddies-europe", "group:diaspora-community"], out_dir=tmp_path / "o")

    assert stats.source("group:travel-buddies-europe").errors == {"malformed_html": 3}  # first try + 2 re-fetches
    assert stats.source("group:travel-buddies-europe").posts == 0
    good = "group:diaspora-community"
    assert keys_of(tmp_path / "o", good) == expected_keys(site, good)


def test_truncated_json_is_counted_and_refetched(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    site.set_fault("truncated_json", "/mastodon", count=2)
    stats = crawl(crawl_settings, ["mastodon:public"], out_dir=tmp_path / "o")

    assert keys_of(tmp_path / "o", "mastodon:public") == expected_keys(site, "mastodon:public")
    assert stats.errors == {"truncated_json": 2}


def test_a_redirect_loop_is_stopped_and_the_other_sources_go_on(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    site.set_fault("redirect_loop", "/telegram/s/eurotravel_news")
    stats = crawl(crawl_settings, ["telegram:eurotravel_news", "telegram:balkan_route_info"], out_dir=tmp_path / "o")

    assert stats.source("telegram:eurotravel_news").errors == {"redirect_loop": 1}
    assert stats.source("telegram:eurotravel_news").posts == 0
    assert sum(n for path, n in site.site.hits.items() if path == "/telegram/s/eurotravel_news") <= 2
    good = "telegram:balkan_route_info"
    assert keys_of(tmp_path / "o", good) == expected_keys(site, good)


def test_robots_txt_is_obeyed(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    crawl_settings.crawl.sources = [
        SourceSpec(name="classifieds:private", platform="classifieds", start_url="/classifieds/private/sellers"),
        SourceSpec(name="classifieds:jobs", platform="classifieds", start_url="/classifieds/jobs"),
    ]
    stats = crawl(crawl_settings, out_dir=tmp_path / "o")

    assert stats.source("classifieds:private").errors == {"robots_blocked": 1}
    assert site.site.hits["/robots.txt"] == 1
    assert not [p for p in site.site.hits if p.startswith("/classifieds/private/")]
    assert keys_of(tmp_path / "o", "classifieds:jobs") == expected_keys(site, "classifieds:jobs")


def test_the_crawl_fetches_nothing_outside_the_configured_sources(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    crawl_settings.crawl.sources = [
        SourceSpec(name="telegram:visa_help_desk", platform="telegram", start_url="/telegram/s/visa_help_desk"),
        SourceSpec(name="classifieds:services", platform="classifieds", start_url="/classifieds/services"),
    ]
    crawl(crawl_settings, out_dir=tmp_path / "o")

    allowed = ("/robots.txt", "/telegram/s/visa_help_desk", "/telegram/visa_help_desk/", "/classifieds/services",
               "/classifieds/ad/")  # fmt: skip
    assert site.site.hits
    assert [p for p in site.site.hits if not p.startswith(allowed)] == []


def test_the_allow_list_middleware_drops_off_list_requests() -> None:
    crawler = get_crawler(TelegramSpider)
    crawler.spider = TelegramSpider(
        sources=[{"name": "telegram:chan", "platform": "telegram", "start_url": "http://h.example/telegram/s/chan"}],
        states={}, options=CrawlOptions(), out_dir="unused",
    )  # fmt: skip
    crawler.spider.crawler = crawler
    middleware = AllowListMiddleware.from_crawler(crawler)

    for url in ("http://h.example/telegram/s/chan?before=40", "http://h.example/telegram/chan/12",
                "http://h.example/robots.txt"):  # fmt: skip
        assert middleware.process_request(Request(url)) is None
    for url in ("http://h.example/telegram/s/chan2", "http://h.example/telegram/s/other", "http://evil.example/x",
                "http://evil.example/robots.txt", "http://h.example/classifieds/travel"):  # fmt: skip
        with pytest.raises(IgnoreRequest):
            middleware.process_request(Request(url))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [(b"7", 7.0), ("0", 0.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None), (None, None)],
)
def test_retry_after_header_forms(header: bytes | str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds


def test_lost_replies_keep_the_post_and_are_fetched_next_run(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    crawl_settings.crawl.retry_times = 0
    site.set_fault("503", "/mastodon/api/v1/statuses", every=1)
    first = crawl(crawl_settings, ["mastodon:public"], out_dir=tmp_path / "run1")
    with_replies = [p for p in site.posts("mastodon:public") if p["comments"]]

    assert keys_of(tmp_path / "run1", "mastodon:public") == expected_keys(site, "mastodon:public")
    assert first.errors == {"http_503": len(with_replies)}
    assert all(i["comments"] == [] for i in read_items(tmp_path / "run1"))

    site.clear_faults()
    crawl(crawl_settings, ["mastodon:public"], out_dir=tmp_path / "run2")
    again = {i["post_key"]: i for i in read_items(tmp_path / "run2")}
    assert set(again) == {f"mastodon:public:{p['native_id']}" for p in with_replies}
    assert all(len(again[f"mastodon:public:{p['native_id']}"]["comments"]) == len(p["comments"]) for p in with_replies)
