"""Group feeds in m.facebook.com markup: ``article[data-store]`` posts with inline comments, "See more posts" links.

Selectors follow ../shared/realpages/README.md section 6; ids and times come from the ``data-store`` JSON, which
is steadier than the obfuscated class names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector

from crawlers.parsing.records import Comment, Media, ParsedPost, ParseError, html_selector
from crawlers.parsing.text import element_text

_POST_ID = re.compile(r"top_level_post_id\.(\d+)")
_PUBLISH = re.compile(r'"publish_time"\s*:\s*(\d+)')
_BG_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")


@dataclass
class FeedPage:
    """One feed page: posts newest first, and the "See more posts" URL when there is one."""

    posts: list[ParsedPost] = field(default_factory=list)
    more_url: str | None = None
    skipped: int = 0


def parse_feed_page(html: str, url: str) -> FeedPage:
    sel = html_selector(html, url)
    articles = sel.css("article[data-store]")
    if not articles and not sel.css("#m_group_stories_container, #viewport, #m_story_permalink_view"):
        raise ParseError("malformed_html", f"no group feed markup in {url}")
    page = FeedPage()
    for article in articles:
        post = parse_article(article, url)
        if post is None:
            page.skipped += 1
        else:
            page.posts.append(post)
    more = sel.css("#m_more_item a::attr(href)").get()
    page.more_url = urljoin(url, more) if more else None
    return page


def parse_article(article: Selector, page_url: str) -> ParsedPost | None:
    """One post; None when its id cannot be found (the post is skipped and counted)."""
    store = article.attrib.get("data-store") or ""
    try:
        linkdata = json.loads(store).get("linkdata", "")
    except ValueError:
        linkdata = store
    found = _POST_ID.search(linkdata) or _POST_ID.search(article.attrib.get("data-ft") or "")
    if not found:
        return None
    published = _PUBLISH.search(linkdata)
    edited = article.css("[data-edited-time]::attr(data-edited-time)").get()
    body = article.css("div._5rgt._5nk5")
    return ParsedPost(
        post_id=found.group(1),
        url=_permalink(article, page_url, found.group(1)),
        author=_clean(article.css("header h3 strong a::text").get()),
        published_at=_epoch_iso(published.group(1)) if published else None,
        edited_at=_epoch_iso(edited) if edited and edited.isdigit() else None,
        edited=bool(edited),
        text=element_text(body[0].root) if body else "",
        comments=[
            Comment(author=_clean(c.css("._2b05 a::text").get()), text=_comment_text(c))
            for c in article.css('[data-sigil="comment"]')
        ],
        media=_media(article, page_url),
    )


def _comment_text(comment: Selector) -> str:
    body = comment.css('[data-sigil="comment-body"]')
    return element_text(body[0].root) if body else ""


def _permalink(article: Selector, page_url: str, post_id: str) -> str:
    href = article.css('[data-sigil="m-feed-voice-subtitle"] a::attr(href)').get()
    if not href:
        href = next((h for h in article.css("a::attr(href)").getall() if "/permalink/" in h), None)
    if not href:
        return urljoin(page_url, f"permalink/{post_id}/")
    parts = urlsplit(urljoin(page_url, href))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _media(article: Selector, page_url: str) -> list[Media]:
    out = []
    for link in article.css('a[data-sigil="photo-image"]'):
        kind = link.css("i::attr(data-type)").get() or "photo"
        style = _BG_URL.search(link.css("i::attr(style)").get() or "")
        url = link.attrib.get("href") or (style.group(1) if style else None)
        if url:
            out.append(Media(url=urljoin(page_url, url), type=kind))
    return out


def _epoch_iso(value: str) -> str:
    return datetime.fromtimestamp(int(value), UTC).isoformat(timespec="seconds")


def _clean(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
