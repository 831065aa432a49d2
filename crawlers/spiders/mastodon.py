"""Mastodon-compatible public timelines: JSON pages linked by the ``Link`` header, replies via ``/context``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.parsing.mastodon import next_page_url, parse_context, parse_timeline
from crawlers.parsing.records import ParsedPost, ParseError
from crawlers.spiders.base import GONE, SourceRun, SourceSpider, _origin_path


def api_base(url: str) -> str:
    """``http://h/mastodon/api/v1/timelines/public?...`` -> ``http://h/mastodon/api/v1/``."""
    parts = urlsplit(url)
    path = parts.path
    head = path[: path.index("/api/v1/") + len("/api/v1/")] if "/api/v1/" in path else path.rsplit("/", 1)[0] + "/"
    return f"{parts.scheme}://{parts.netloc}{head}"


class MastodonSpider(SourceSpider):
    platform = "mastodon"

    def allowed_prefixes(self, start_url: str) -> list[str]:
        """The timeline itself and single statuses (their replies, and deletion checks)."""
        if urlsplit(start_url).scheme == "file":
            return [start_url]
        return [_origin_path(start_url), urljoin(api_base(start_url), "statuses/")]

    def check_url(self, run: SourceRun, post_id: str) -> str | None:
        return urljoin(api_base(run.start_url), f"statuses/{post_id}")

    def parse_page(self, response: Response) -> Iterator[Any]:
        run = self.count_page(response)
        try:
            posts = parse_timeline(response.body, response.url)
        except ParseError as error:
            retry = self.retry_unparsable(response, error)
            if retry is not None:
                yield retry
            return
        fresh, go_on = self.select(run, posts)
        for post in fresh:
            if self.options.collect_comments and post.replies_count != 0 and urlsplit(run.start_url).scheme != "file":
                url = urljoin(api_base(run.start_url), f"statuses/{post.post_id}/context")
                yield self.post_request(run, url, self.parse_context, errback=self.on_context_error, post=post)
            else:
                yield from self.emit(run, [post])
        next_url = next_page_url(response.headers.get("Link", b"").decode("latin-1"))
        if next_url is None or not posts:
            run.reached_end = True
        elif go_on:
            yield self.page_request(run, urljoin(response.url, next_url), self.parse_page)

    def parse_context(self, response: Response) -> Iterator[Any]:
        run = self.count_page(response, listing=False)
        post: ParsedPost = response.meta["post"]
        if response.status in GONE:
            self.mark_deleted(run, post.post_id)
            return
        try:
            post.comments = parse_context(response.body, response.url)
        except ParseError as error:
            retry = self.retry_unparsable(response, error)
            if retry is not None:
                yield retry
                return
            # Replies unreadable: keep the post itself, counted; its replies are fetched on a later run.
            post.replies_count = None
        yield from self.emit(run, [post])

    def on_context_error(self, failure: Failure) -> Iterator[Any]:
        """Replies lost to an error: count it and keep the post. Unknown replies (and the paging mark left where it
        was) make the next run ask again."""
        self.on_error(failure)
        post: ParsedPost = failure.request.meta["post"]
        post.replies_count = None
        yield from self.emit(self.run_of(failure.request), [post])
