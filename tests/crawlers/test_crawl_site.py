"""End-to-end crawls of the fixture site (real HTTP on a free loopback port, real Scrapy in a child process)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from pathlib import Path

from crawlers.items import ITEM_FIELDS, content_hash
from crawlers.run import crawl
from crawlers.state import load_state
from fixtures.site import SiteHandle
from smugglewatch.settings import Settings
from tests.crawlers.conftest import read_items

EXPOSES_EDIT_TIME = {"group", "classifieds", "mastodon"}  # t.me/s shows only an "edited" flag
HAS_COMMENTS = {"group", "classifieds", "mastodon"}  # channel posts carry no comments on t.me/s


def visible(text: str) -> str:
    """Text as a browser shows it: runs of spaces collapsed, lines trimmed (what the crawler reads back)."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def expected_posts(site: SiteHandle) -> dict[str, dict]:
    return {
        f"{p['platform']}:{p['source']}:{p['native_id']}": p for source in site.sources() for p in site.posts(source)
    }


def test_complete_crawl_equals_the_corpus_with_no_loss_and_no_duplicate(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    stats = crawl(crawl_settings, out_dir=out)
    items = read_items(out)
    expected = expected_posts(site)

    keys = [i["post_key"] for i in items]
    assert len(keys) == len(set(keys)), "a post was written twice"
    assert set(keys) == set(expected), "posts lost or invented"
    per_platform = Counter(i["platform"] for i in items)
    assert per_platform == Counter(p["platform"] for p in expected.values())
    assert stats.posts == len(expected) and stats.errors == {} and stats.duplicates == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s.replace(':', '__')}.jsonl" for s in site.sources())

    for item in items:
        post = expected[item["post_key"]]
        assert tuple(sorted(item)) == tuple(sorted(ITEM_FIELDS))
        assert item["text"] == visible(post["text"])
        assert item["content_hash"] == content_hash(item["text"])
        assert item["published_at"] == post["published_at"]
        assert item["author"] == post["author"]
        assert len(item["media"]) == len(post["media"])
        assert all(m["url"].startswith(site.url) for m in item["media"])
        if item["platform"] in EXPOSES_EDIT_TIME:
            assert item["edited_at"] == post["edited_at"]
        if item["platform"] in HAS_COMMENTS:
            assert [c["text"] for c in item["comments"]] == [visible(c["text"]) for c in post["comments"]]
        for comment in item["comments"]:
            assert ("author" in comment) == comment["by_poster"]  # others' comments keep text only


def test_crawl_writes_state_and_leaves_no_temp_files(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    crawl(crawl_settings, ["group:expats-marketplace", "mastodon:public"], out_dir=out)

    assert sorted(p.name for p in out.iterdir()) == ["group__expats-marketplace.jsonl", "mastodon__public.jsonl"]
    state = load_state(crawl_settings.data_dir, "group:expats-marketplace")
    assert set(state.posts) == {p["native_id"] for p in site.posts("group:expats-marketplace")}
    raw_state = (crawl_settings.data_dir / "crawl_state" / "group__expats-marketplace.json").read_text()
    assert "text" not in json.loads(raw_state)["posts"][next(iter(state.posts))]  # hashes, not contents


def test_second_crawl_fetches_only_new_or_changed_posts_and_reports_deletions(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    first = crawl(crawl_settings, out_dir=tmp_path / "run1")
    quiet = crawl(crawl_settings, out_dir=tmp_path / "run2")
    assert quiet.posts == 0 and quiet.deleted == []
    assert quiet.pages < first.pages / 3, "an unchanged site should cost a page or two per source"

    # Recent edits (edits are re-checked within crawl.recheck_days of the newest post already seen), deletions
    # and new posts on every source.
    newest = {s: site.posts(s) for s in ("group:migrants-help-hub", "classifieds:travel", "mastodon:public")}
    edited = [f"{s}:{posts[0]['native_id']}" for s, posts in newest.items()]
    channel = site.posts("telegram:jobs_abroad_board")  # oldest first, two preview pages
    edited.append(f"telegram:jobs_abroad_board:{channel[-2]['native_id']}")
    deleted = [f"{s}:{posts[2]['native_id']}" for s, posts in newest.items()]
    deleted.append(f"telegram:jobs_abroad_board:{channel[-3]['native_id']}")
    change = site.mutate(edit=edited, delete=deleted, add=len(site.sources()))

    third = crawl(crawl_settings, out_dir=tmp_path / "run3")
    items = read_items(tmp_path / "run3")

    got, want = {i["post_key"] for i in items}, set(change["added"] + change["edited"])
    assert (sorted(got - want), sorted(want - got)) == ([], [])
    assert third.deleted == sorted(change["deleted"])
    assert third.pages < first.pages / 2
    for item in items:
        if item["post_key"] in change["edited"]:
            assert item["text"].endswith("✏️ UPD")
    assert (
        load_state(crawl_settings.data_dir, "classifieds:travel")
        .posts.keys()
        .isdisjoint({k.rsplit(":", 1)[1] for k in deleted if k.startswith("classifieds:travel")})
    )


def test_comment_collection_can_be_switched_off(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    crawl_settings.crawl.collect_comments = False
    crawl(crawl_settings, ["group:travel-buddies-europe", "mastodon:public"], out_dir=tmp_path / "out")
    items = read_items(tmp_path / "out")

    assert items and all(i["comments"] == [] for i in items)
    assert not any(path.startswith("/mastodon/api/v1/statuses/") for path in site.site.hits)


def test_first_run_is_bounded_by_max_pages(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    crawl_settings.crawl.max_pages = 1
    crawl(crawl_settings, ["mastodon:public", "group:diaspora-community", "classifieds:jobs"], out_dir=tmp_path / "o")
    per_platform = Counter(i["platform"] for i in read_items(tmp_path / "o"))

    assert per_platform["mastodon"] == min(40, len(site.posts("mastodon:public")))  # one timeline page of 40
    assert per_platform["group"] == 10  # one feed page
    assert per_platform["classifieds"] == min(20, len(site.posts("classifieds:jobs")))  # one listing page


def test_first_run_is_bounded_by_max_age(site: SiteHandle, crawl_settings: Settings, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    posts = site.posts("group:migrants-help-hub")
    age = (datetime.now(UTC) - datetime.fromisoformat(posts[len(posts) // 2]["published_at"])).total_seconds()
    crawl_settings.crawl.max_age_days = int(age // 86400)
    crawl(crawl_settings, ["group:migrants-help-hub"], out_dir=tmp_path / "o")
    cutoff = (datetime.now(UTC) - timedelta(days=crawl_settings.crawl.max_age_days)).isoformat()

    got = {i["post_key"].rsplit(":", 1)[1] for i in read_items(tmp_path / "o")}
    assert got == {p["native_id"] for p in posts if p["published_at"] >= cutoff[:19]}
    assert 0 < len(got) < len(posts)


def test_a_listing_that_shifts_while_paging_yields_no_duplicate(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    """New ads published between page 1 and page 2 push page 1's last ad onto page 2: it must be written once."""
    source = "classifieds:travel"
    assert len(site.posts(source)) > 20, "the test needs a second listing page"
    expected_keys = {f"{source}:{p['native_id']}" for p in site.posts(source)}
    site.set_fault("slow", "/classifieds/travel", count=2, delay=2.0)
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(stats=crawl(crawl_settings, [source], out_dir=tmp_path)))
    worker.start()
    deadline = time.monotonic() + 30
    while site.site.hits["/classifieds/travel"] < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    site.mutate(add=len(site.sources()))  # one new ad per source, while page 2 is being served
    worker.join(timeout=60)

    keys = [i["post_key"] for i in read_items(tmp_path)]
    assert len(keys) == len(set(keys))
    assert set(keys) == expected_keys  # the new ad went onto page 1, already read: the next run gets it
    assert result["stats"].duplicates == 1


def test_a_listing_page_lost_to_errors_is_read_on_the_next_run(
    site: SiteHandle, crawl_settings: Settings, tmp_path: Path
) -> None:
    """Page 2 fails (503, no retries): the next run must go back for it, not stop at page 1's newest post."""
    source = "group:migrants-help-hub"
    crawl_settings.crawl.retry_times = 0
    site.set_fault("503", "/groups/migrants-help-hub", every=2)  # the 2nd listing request: page 2
    first = crawl(crawl_settings, [source], out_dir=tmp_path / "run1")
    assert first.errors == {"http_503": 1} and first.posts == 10

    site.clear_faults()
    crawl(crawl_settings, [source], out_dir=tmp_path / "run2")

    got = [i["post_key"] for i in read_items(tmp_path / "run1") + read_items(tmp_path / "run2")]
    assert sorted(got) == sorted(f"{source}:{p['native_id']}" for p in site.posts(source))
