"""Mastodon statuses (real M1-M4), the m.facebook group page (real F1), text helpers and bad bodies."""

from __future__ import annotations

import json

import pytest

from crawlers.items import build_item, utc_iso
from crawlers.parsing.classifieds import parse_ad, parse_listing
from crawlers.parsing.group import parse_feed_page
from crawlers.parsing.mastodon import next_page_url, parse_context, parse_status, parse_timeline
from crawlers.parsing.records import Comment, ParsedPost, ParseError
from crawlers.parsing.text import html_text, parse_count
from tests.crawlers.conftest import realpage


def _status(name: str) -> dict:
    return json.loads(realpage("mastodon", name).read_text(encoding="utf-8"))


def test_mastodon_pleroma_status_with_content_warning_and_attachment() -> None:
    post = parse_status(_status("post_with_emojis_and_attachments__TootSDK.json"))

    assert post.post_id == "AQetOIEp6Z2GZ4UiI4"
    assert post.url == "https://m.iamkonstantin.eu/notice/AQetOIEp6Z2GZ4UiI4"
    assert post.author == "konstantin"
    assert utc_iso(post.published_at) == "2022-12-16T08:26:31+00:00"
    assert post.text == "Coffee, Star Trek\n\nI just #love #coffee :heart_cup: There is no better way to start the day."
    assert [(m.type, m.url.rsplit("/", 1)[-1]) for m in post.media] == [("photo", "image.jpeg")]


def test_mastodon_br_line_breaks_and_emoji_lines() -> None:
    post = parse_status(_status("post_wordle_linebreaks__TootSDK.json"))

    assert post.text == "Wordle 591 X/6*\n\n🟨⬛🟩🟨⬛\n🟨⬛🟩⬛🟩\n🟩🟩🟩⬛🟩\n🟩🟩🟩⬛🟩\n🟩🟩🟩⬛🟩\n🟩🟩🟩⬛🟩"
    assert post.author == "tootsdk@iosdev.space"


def test_mastodon_mentions_and_hashtags_read_as_plain_text() -> None:
    post = parse_status(_status("post_no_emojis__TootSDK.json"))

    assert post.text.startswith("Hey fellow #Swift devs 👋!\n\nAs some of you may know, @konstantin and @davidgarywood")
    assert "<" not in post.text


def test_mastodon_edited_status_keeps_its_edit_time() -> None:
    post = parse_status(_status("post_edited__TootSDK.json"))

    assert post.post_id == "112300188527054704"
    assert utc_iso(post.edited_at) == "2024-04-19T22:15:22+00:00"
    assert post.edited
    assert post.text == "listening to #UB40\n\nhttps://example.com/albums/8513"


def test_mastodon_timeline_built_from_real_statuses_and_link_header() -> None:
    body = json.dumps([_status("post_edited__TootSDK.json"), _status("post_no_emojis__TootSDK.json")])
    posts = parse_timeline(body, "https://example.com/api/v1/timelines/public")

    assert [p.post_id for p in posts] == ["112300188527054704", "AQgIdalRCRfsNV6KzA"]
    link = (
        '<https://h.example/api/v1/timelines/public?limit=40&max_id=7>; rel="next", '
        '<https://h.example/api/v1/timelines/public?limit=40&min_id=9>; rel="prev"'
    )
    assert next_page_url(link) == "https://h.example/api/v1/timelines/public?limit=40&max_id=7"
    assert next_page_url('<https://h.example/x?min_id=9>; rel="prev"') is None
    assert next_page_url(None) is None


@pytest.mark.parametrize("body", ['[{"id": "1", "content": "<p>hal', "", "{not json"])
def test_truncated_json_is_a_counted_parse_error(body: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_timeline(body, "https://h.example/api/v1/timelines/public")
    assert caught.value.kind == "truncated_json"


def test_mastodon_context_replies_become_comments() -> None:
    reply = _status("post_no_emojis__TootSDK.json")
    comments = parse_context(json.dumps({"ancestors": [], "descendants": [reply]}), "https://h.example/ctx")

    assert len(comments) == 1
    assert comments[0].author == "tootsdk@iosdev.space"
    assert comments[0].text.startswith("Hey fellow #Swift devs")


def test_real_mfacebook_group_page_yields_ids_permalinks_and_times() -> None:
    html = realpage(
        "facebook_m", "southamericansincomputing_group__facebook-scraper__extracted_from_cassette.html"
    ).read_text(encoding="utf-8")
    page = parse_feed_page(html, "https://m.facebook.com/groups/117507531664134/")

    assert len(page.posts) == 21
    assert len({p.post_id for p in page.posts}) == 21
    first = page.posts[0]
    assert first.post_id == "1629606003787605"
    assert first.url == "https://m.facebook.com/groups/southamericansincomputing/permalink/1629606003787605/"
    assert first.published_at == "2018-04-03T20:02:42+00:00"
    assert first.text.startswith("Hola!, This group is aimed to create opportunities")
    assert all(p.published_at and "/permalink/" in p.url and "?" not in p.url for p in page.posts)
    assert page.more_url is not None and "bac=" in page.more_url


def test_classifieds_listing_and_detail_markup() -> None:
    listing = parse_listing(
        '<html><body><main class="content"><ul class="ad-list">'
        '<li class="ad-card" data-ad-id="100042"><a class="ad-link" href="/classifieds/ad/100042"><h2>t</h2></a>'
        '<time class="ad-posted" datetime="2026-10-01T10:00:00+00:00">1 Oct</time></li></ul>'
        '<a rel="next" href="/classifieds/travel?page=2">Next</a></main></body></html>',
        "http://h.example/classifieds/travel",
    )
    assert [(c.ad_id, c.url) for c in listing.cards] == [("100042", "http://h.example/classifieds/ad/100042")]
    assert listing.next_url == "http://h.example/classifieds/travel?page=2"

    ad = parse_ad(
        '<html><head><link rel="canonical" href="/classifieds/ad/100042"></head><body>'
        '<article class="ad-detail" data-ad-id="100042"><p class="ad-meta">Posted <time class="ad-posted" '
        'datetime="2026-10-01T10:00:00+00:00">x</time> by <a class="ad-seller" href="/classifieds/private/s/a">'
        'seller_01</a></p><div class="ad-body">Line one<br>Line two 🚗</div>'
        '<div class="ad-gallery"><img class="ad-image" src="/media/a.jpg" data-type="photo"></div>'
        '<section class="ad-questions"><div class="ad-question"><span class="q-author">asker_9</span>'
        '<p class="q-text">Still available?</p></div></section></article></body></html>',
        "http://h.example/classifieds/ad/100042",
    )
    assert ad.post_id == "100042" and ad.author == "seller_01"
    assert ad.url == "http://h.example/classifieds/ad/100042"
    assert ad.text == "Line one\nLine two 🚗"
    assert [(m.url, m.type) for m in ad.media] == [("http://h.example/media/a.jpg", "photo")]
    assert [(c.author, c.text) for c in ad.comments] == [("asker_9", "Still available?")]


def test_minimisation_keeps_only_the_posters_own_comment_authors() -> None:
    post = ParsedPost(
        post_id="7", url="http://h.example/p/7", author="poster_1", published_at="2026-10-01T10:00:00Z",
        text="offer", comments=[Comment("poster_1", "dm me"), Comment("someone_2", "how much?")],
    )  # fmt: skip
    item = build_item(post, "group", "g", "2026-11-27T00:00:00+00:00")

    assert item["comments"] == [
        {"by_poster": True, "author": "poster_1", "text": "dm me"},
        {"by_poster": False, "text": "how much?"},
    ]
    assert item["post_key"] == "group:g:7" and item["published_at"] == "2026-10-01T10:00:00+00:00"
    assert build_item(post, "group", "g", "x", collect_comments=False)["comments"] == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("8.67M", 8_670_000), ("2.5K", 2500), ("484", 484), ("109K", 109_000), ("1", 1), (None, None), ("n/a", None)],
)
def test_view_counters_with_suffixes(raw: str | None, expected: int | None) -> None:
    assert parse_count(raw) == expected


def test_html_text_paragraphs_breaks_and_entities() -> None:
    assert html_text("<p>One<br />two</p><p>Three &amp; four</p>") == "One\ntwo\n\nThree & four"
    assert html_text("") == ""
