"""The t.me/s parser on real saved pages (../shared/realpages/telegram_tme_s), checked against the raw markup."""

from __future__ import annotations

import re

import pytest

from crawlers.parsing.records import ParseError
from crawlers.parsing.telegram import parse_channel_page
from tests.crawlers.conftest import realpage

T1 = ("telegram_tme_s", "durov__sherlock-telegram__channel_feed.html")
T2 = ("telegram_tme_s", "topwar_official__rust-any2feed__full.html")
T4 = ("telegram_tme_s", "ANONYMIZED_test_channel__lifemodel.html")
SINGLE = ("link_preview", "media_file", "media_forwarded_from", "media_photo_and_video", "media_round_video", "poll",
          "sticker", "text", "voice", "with_from_author")  # fmt: skip


def _raw_expectations(html: str) -> tuple[list[str], list[str], list[str]]:
    """Ids, dates and view strings read from the raw file with plain regexes (independent of the parser)."""
    ids = re.findall(r'data-post="[^"/]+/(\d+)"', html)
    dates = re.findall(r'<time\s+datetime="([^"]+)"\s+class="time"', html)
    views = re.findall(r'class="tgme_widget_message_views">\s*([^<]+?)\s*</span>', html)
    return ids, dates, views


def _views(text: str) -> int:
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1], 1)
    return round(float(text.rstrip("KM")) * scale)


def test_t1_every_post_has_the_right_id_permalink_date_and_views() -> None:
    html = realpage(*T1).read_text(encoding="utf-8")
    page = parse_channel_page(html, "https://t.me/s/durov?before=540")
    ids, dates, views = _raw_expectations(html)

    assert len(page.posts) == 20
    assert [p.post_id for p in page.posts] == ids
    assert ids[0] == "519" and ids[-1] == "539"
    assert [p.url for p in page.posts] == [f"https://t.me/durov/{i}" for i in ids]
    assert [p.published_at for p in page.posts] == dates
    assert page.posts[0].published_at == "2026-05-20T15:38:10+00:00"
    assert page.posts[-1].published_at == "2026-08-08T21:11:14+00:00"
    assert [p.views for p in page.posts] == [_views(v) for v in views]
    assert page.posts[0].views == 8_670_000
    assert {p.author for p in page.posts} == {"durov"}  # the channel handle, not the signer's name
    assert page.channel == "durov"
    assert page.before == 519 and page.older_url == "https://t.me/s/durov?before=519"


def test_t1_text_keeps_emoji_and_turns_br_into_newlines() -> None:
    page = parse_channel_page(realpage(*T1).read_text(encoding="utf-8"), "https://t.me/s/durov")
    by_id = {p.post_id: p for p in page.posts}

    assert by_id["519"].text == (
        "🤖 Your Telegram inbox can now run itself.\n\nAssign a bot to read and reply for you — with granular "
        "control over its rights and chat access. 🧠\n\n⚙️ Start building!"
    )
    assert by_id["536"].text == "🇦🇫😈"
    assert by_id["538"].text.startswith("Last night, Apple briefly removed Telegram from the App Store")
    assert by_id["538"].text.endswith("Stay vigilant! ☝️")
    assert by_id["522"].text == ""  # a photo-only post
    for post in page.posts:
        assert "<" not in post.text and "\n\n\n" not in post.text and post.text == post.text.strip()


def test_t1_edited_posts_and_media_references() -> None:
    page = parse_channel_page(realpage(*T1).read_text(encoding="utf-8"), "https://t.me/s/durov")
    by_id = {p.post_id: p for p in page.posts}

    assert sorted(p.post_id for p in page.posts if p.edited) == ["521", "527", "535", "538"]
    assert [m.type for m in by_id["519"].media] == ["video"]
    assert by_id["519"].media[0].url.startswith("https://cdn4.telesco.pe/file/")
    assert [m.type for m in by_id["522"].media] == ["photo"]
    assert by_id["520"].media == []


def test_t2_reindented_markup_parses_with_normalised_whitespace() -> None:
    html = realpage(*T2).read_text(encoding="utf-8")
    page = parse_channel_page(html, "https://t.me/s/topwar_official?before=71009")
    ids, dates, views = _raw_expectations(html)

    assert len(page.posts) == 12
    assert [p.post_id for p in page.posts] == ids
    assert ids[0] == "70989" and ids[-1] == "71008"
    assert [p.published_at for p in page.posts] == dates
    assert [p.views for p in page.posts] == [_views(v) for v in views]
    assert all(p.url == f"https://t.me/topwar_official/{p.post_id}" for p in page.posts)
    assert page.before == 70989
    for post in page.posts:
        assert post.text and "  " not in post.text and not re.search(r"\n ", post.text)
    album = next(p for p in page.posts if p.post_id == "71000")
    assert [m.type for m in album.media] == ["photo"] * 6


def test_t4_takes_only_the_outermost_text_of_a_forwarded_album() -> None:
    page = parse_channel_page(realpage(*T4).read_text(encoding="utf-8"), "https://t.me/s/test_channel")

    assert [p.post_id for p in page.posts] == ["1001", "1003", "1010"]
    assert [p.views for p in page.posts] == [2500, 1300, 1000]
    assert page.posts[1].text == ""  # unsupported media: the "open Telegram" notice is not the post's text
    forwarded = page.posts[2].text
    assert forwarded.startswith("This is a forwarded message with multiple photos")
    assert forwarded.count("Key updates:") == 1  # the nested blockquote is read once, not twice
    assert "- Brick masonry on balconies completed\n- Roof repairs finished" in forwarded
    assert [m.type for m in page.posts[2].media] == ["photo"] * 3


@pytest.mark.parametrize("kind", SINGLE)
def test_single_message_fragments_parse(kind: str) -> None:
    html = realpage("telegram_tme_s", "single_messages", f"message_{kind}.html").read_text(encoding="utf-8")
    ids, dates, views = _raw_expectations(html)
    page = parse_channel_page(html, "https://t.me/s/channel")

    assert len(page.posts) == 1
    post = page.posts[0]
    assert [post.post_id] == ids and [post.published_at] == dates and [post.views] == [_views(v) for v in views]
    assert re.fullmatch(r"https://t\.me/\w+/\d+", post.url)


@pytest.mark.parametrize(
    ("kind", "media_types", "text_start"),
    [
        ("poll", [], "Как лучше?\nНесколько постов в день"),
        ("voice", ["voice"], "Обсудили:\n\n- Сталина не забыть"),
        ("media_round_video", ["round_video"], ""),
        ("sticker", ["sticker"], ""),
        ("media_file", ["document"], "Центр изучения новых коммуникаций"),
        ("media_photo_and_video", ["video", "photo", "photo"], "Ночью над Белгородом сбили 3 беспилотника"),
        ("with_from_author", [], "test"),
    ],
)
def test_single_message_media_and_text(kind: str, media_types: list[str], text_start: str) -> None:
    html = realpage("telegram_tme_s", "single_messages", f"message_{kind}.html").read_text(encoding="utf-8")
    post = parse_channel_page(html, "https://t.me/s/channel").posts[0]

    assert [m.type for m in post.media] == media_types
    assert post.text.startswith(text_start)
    if not text_start:
        assert post.text == ""


def test_a_page_without_channel_markup_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError) as caught:
        parse_channel_page("<html><body><p>Service unavailable</p></body></html>", "https://t.me/s/x")
    assert caught.value.kind == "malformed_html"
    with pytest.raises(ParseError):
        parse_channel_page("", "https://t.me/s/x")
