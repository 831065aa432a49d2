"""Telegram channel web preview (``t.me/s/<channel>``): posts oldest to newest, a ``?before=`` link to older ones.

Selectors follow ../shared/realpages/README.md section 1; they hold for the real saved pages and the fixture site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from parsel import Selector

from crawlers.parsing.records import Media, ParsedPost, ParseError, html_selector
from crawlers.parsing.text import element_text, parse_count

_BG_URL = re.compile(r"background-image:\s*url\(['\"]?([^'\")]+)['\"]?\)")
_OUTER_TEXT = (
    ".//div[contains(concat(' ', normalize-space(@class), ' '), ' tgme_widget_message_text ')]"
    "[not(ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' tgme_widget_message_text ')])]"
)


@dataclass
class ChannelPage:
    """One preview page: its posts (oldest first) and the cursor of the next older page, if any."""

    channel: str | None
    posts: list[ParsedPost] = field(default_factory=list)
    before: int | None = None
    older_url: str | None = None
    skipped: int = 0


def parse_channel_page(html: str, url: str) -> ChannelPage:
    """Parse a whole ``t.me/s/<channel>`` page (or a saved single-message fragment)."""
    sel = html_selector(html, url)
    wraps = sel.css("div.tgme_widget_message[data-post]")
    if not wraps and not sel.css("section.tgme_channel_history, main.tgme_main"):
        raise ParseError("malformed_html", f"no Telegram channel markup in {url}")
    page = ChannelPage(channel=_channel_name(sel))
    for message in wraps:
        post = parse_message(message, url)
        if post is None:
            page.skipped += 1
        else:
            page.posts.append(post)
    more = sel.css("a.tme_messages_more[data-before]")
    if more:
        page.before = int(more.attrib["data-before"])
        page.older_url = urljoin(url, more.attrib.get("href") or f"?before={page.before}")
    elif (prev := sel.css('link[rel="prev"]::attr(href)').get()) is not None:
        page.older_url = urljoin(url, prev)
        found = re.search(r"before=(\d+)", prev)
        page.before = int(found.group(1)) if found else None
    if page.channel is None and page.posts:
        page.channel = _data_post_channel(wraps[0])
    return page


def parse_message(message: Selector, page_url: str) -> ParsedPost | None:
    """One ``div.tgme_widget_message``; None for service messages ("Channel created") or ones with no id."""
    classes = (message.attrib.get("class") or "").split()
    data_post = message.attrib.get("data-post") or ""
    if "service_message" in classes or "/" not in data_post:
        return None
    channel, native_id = data_post.rsplit("/", 1)
    date_link = message.css("a.tgme_widget_message_date")
    permalink = date_link.attrib.get("href") if date_link else None
    text_nodes = message.xpath(_OUTER_TEXT)
    meta = " ".join(message.css(".tgme_widget_message_meta ::text").getall())
    return ParsedPost(
        post_id=native_id,
        url=urljoin(page_url, permalink or f"/{channel}/{native_id}"),
        author=channel,
        published_at=date_link.css("time::attr(datetime)").get() if date_link else None,
        text=_join(element_text(text_nodes[0].root) if text_nodes else "", _poll_text(message)),
        edited="edited" in meta.lower(),
        edited_at=date_link.css("time::attr(data-edited)").get() if date_link else None,
        views=parse_count(message.css(".tgme_widget_message_views::text").get()),
        media=_media(message, page_url),
    )


def _poll_text(message: Selector) -> str:
    """A poll's question and options are the post's words, so they are part of its text."""
    question = message.css(".tgme_widget_message_poll_question")
    if not question:
        return ""
    options = [element_text(o.root) for o in message.css(".tgme_widget_message_poll_option_text")]
    return "\n".join([element_text(question[0].root), *options])


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _channel_name(sel: Selector) -> str | None:
    data_url = sel.css("main.tgme_main::attr(data-url)").get()
    if data_url:
        return data_url.strip("/") or None
    username = sel.css(".tgme_channel_info_header_username a::text").get()
    return username.strip().lstrip("@") if username else None


def _data_post_channel(message: Selector) -> str | None:
    return (message.attrib.get("data-post") or "").rsplit("/", 1)[0] or None


def _style_url(style: str | None) -> str | None:
    found = _BG_URL.search(style or "")
    return found.group(1) if found else None


def _media(message: Selector, page_url: str) -> list[Media]:
    """Media references in document order: photos, videos, round videos, voice notes, documents, stickers."""
    found: list[Media] = []

    def add(url: str | None, kind: str) -> None:
        if url:
            found.append(Media(url=urljoin(page_url, url), type=kind))

    for node in message.css(
        "a.tgme_widget_message_photo_wrap, a.tgme_widget_message_video_player, "
        ".tgme_widget_message_roundvideo_player, a.tgme_widget_message_voice_player, "
        "a.tgme_widget_message_document_wrap, .tgme_widget_message_sticker_wrap"
    ):
        classes = node.attrib.get("class", "")
        if "roundvideo" in classes:
            add(node.css("video::attr(src)").get(), "round_video")
        elif "photo_wrap" in classes:
            add(_style_url(node.attrib.get("style")), "photo")
        elif "video_player" in classes:
            add(node.css("video::attr(src)").get() or _style_url(node.css("i::attr(style)").get()), "video")
        elif "voice_player" in classes:
            add(node.css("audio::attr(src)").get() or node.attrib.get("href"), "voice")
        elif "document_wrap" in classes:
            add(node.attrib.get("href"), "document")
        else:
            sources = node.css("source::attr(srcset), [data-webp]::attr(data-webp)").getall()
            add(next((u for u in sources if not u.startswith("data:")), None), "sticker")
    return found
