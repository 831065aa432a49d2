"""What every platform parser returns, before minimisation turns it into a crawl item."""

from __future__ import annotations

from dataclasses import dataclass, field

from parsel import Selector


class ParseError(ValueError):
    """A page or API body that cannot be read (malformed HTML, truncated JSON); counted, never fatal."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def html_selector(html: str, url: str) -> Selector:
    """A selector over ``html``, or ParseError('malformed_html') when the body is not HTML at all."""
    if not html or "<" not in html:
        raise ParseError("malformed_html", f"not an HTML page: {url}")
    return Selector(text=html)


@dataclass
class Comment:
    """A reply under a post. ``author`` is dropped at ingest unless it is the poster (minimisation)."""

    author: str | None
    text: str


@dataclass
class Media:
    """A media reference; media files are never downloaded."""

    url: str
    type: str


@dataclass
class ParsedPost:
    """One post as a platform shows it."""

    post_id: str
    url: str
    author: str | None
    published_at: str | None
    text: str
    edited_at: str | None = None
    edited: bool = False
    views: int | None = None
    comments: list[Comment] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    replies_count: int | None = None
