"""Mastodon-compatible REST API: timelines are JSON arrays of Status (newest first), paged only by the Link header."""

from __future__ import annotations

import json
import re
from typing import Any

from crawlers.parsing.records import Comment, Media, ParsedPost, ParseError
from crawlers.parsing.text import html_text

# Mastodon's attachment types in the vocabulary the other platforms use.
_MEDIA_TYPES = {"image": "photo", "gifv": "video", "video": "video", "audio": "audio"}
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?([a-z]+)"?')


def load_json(body: str | bytes, url: str) -> Any:
    """Decode an API body, or raise ParseError('truncated_json') so the crawl counts it and goes on."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError("truncated_json", f"unreadable JSON from {url}: {exc.__class__.__name__}") from None


def parse_status(status: dict[str, Any]) -> ParsedPost:
    """One Status. A boost (``reblog``) carries the boosted status's words, so its text is taken from there."""
    if not isinstance(status, dict) or "id" not in status:
        raise ParseError("malformed_json", "a Status without an id")
    inner = status.get("reblog") or status
    text = html_text(inner.get("content") or "")
    warning = (inner.get("spoiler_text") or "").strip()
    account = status.get("account") or {}
    return ParsedPost(
        post_id=str(status["id"]),
        url=status.get("url") or status.get("uri") or "",
        author=account.get("acct") or account.get("username"),
        published_at=status.get("created_at"),
        edited_at=inner.get("edited_at"),
        edited=bool(inner.get("edited_at")),
        text=f"{warning}\n\n{text}".strip() if warning else text,
        media=[
            Media(
                url=m.get("url") or m.get("remote_url") or m.get("preview_url") or "",
                type=_MEDIA_TYPES.get(m.get("type") or "", "unknown"),
            )
            for m in inner.get("media_attachments") or []
        ],
        replies_count=status.get("replies_count"),
    )


def parse_timeline(body: str | bytes, url: str) -> list[ParsedPost]:
    """A timeline page (a JSON array of Status); a single saved Status reads as a page of one."""
    data = load_json(body, url)
    if isinstance(data, dict) and "id" in data:
        data = [data]
    if not isinstance(data, list):
        raise ParseError("malformed_json", f"expected a JSON array of statuses from {url}")
    return [parse_status(item) for item in data]


def parse_context(body: str | bytes, url: str) -> list[Comment]:
    """The ``descendants`` of a status context: replies in thread order, as comments."""
    data = load_json(body, url)
    if not isinstance(data, dict):
        raise ParseError("malformed_json", f"expected a context object from {url}")
    comments = []
    for reply in data.get("descendants") or []:
        account = reply.get("account") or {}
        author = account.get("acct") or account.get("username")
        comments.append(Comment(author=author, text=html_text(reply.get("content") or "")))
    return comments


def next_page_url(link_header: str | None) -> str | None:
    """The ``rel="next"`` URL of an RFC 8288 Link header, or None on the last page."""
    for target, rel in _LINK.findall(link_header or ""):
        if rel == "next":
            return target
    return None
