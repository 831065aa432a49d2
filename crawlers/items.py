"""The crawl item of docs/CONTRACTS.md "Crawl output", built from a parsed post with minimisation applied.

Minimisation at ingest: a comment by anyone other than the poster keeps only its text (no author, no profile);
with ``collect_comments`` off no comment is kept at all. Media are references only, never downloaded.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from crawlers.parsing.records import Comment, ParsedPost

ITEM_FIELDS = (
    "platform", "source", "post_id", "post_key", "url", "author", "published_at", "edited_at", "text",
    "comments", "media", "crawled_at", "content_hash",
)  # fmt: skip


def content_hash(text: str) -> str:
    """sha256 of the post text: what edit detection compares between runs."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_iso(value: str | None) -> str | None:
    """Any ISO-8601 timestamp (``Z``, fractions, offsets) as ``YYYY-MM-DDTHH:MM:SS+00:00``; None stays None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def minimise_comments(comments: list[Comment], poster: str | None, keep: bool) -> list[dict[str, Any]]:
    """Only the poster's own comments keep an author; everyone else is reduced to text."""
    if not keep:
        return []
    out: list[dict[str, Any]] = []
    for comment in comments:
        by_poster = poster is not None and comment.author == poster
        entry: dict[str, Any] = {"by_poster": by_poster}
        if by_poster:
            entry["author"] = comment.author
        entry["text"] = comment.text
        out.append(entry)
    return out


def build_item(
    post: ParsedPost, platform: str, source: str, crawled_at: str, collect_comments: bool = True
) -> dict[str, Any]:
    """The contract item for one post of ``platform:source``."""
    return {
        "platform": platform,
        "source": source,
        "post_id": post.post_id,
        "post_key": f"{platform}:{source}:{post.post_id}",
        "url": post.url,
        "author": post.author,
        "published_at": utc_iso(post.published_at),
        "edited_at": utc_iso(post.edited_at),
        "text": post.text,
        "comments": minimise_comments(post.comments, post.author, collect_comments),
        "media": [{"url": m.url, "type": m.type} for m in post.media],
        "crawled_at": crawled_at,
        "content_hash": content_hash(post.text),
    }
