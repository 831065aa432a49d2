"""Group feeds (m.facebook.com markup): newest posts first, comments inline, "See more posts" to go back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawlers.parsing.group import FeedPage, parse_feed_page
from crawlers.parsing.records import ParseError
from crawlers.spiders.base import SourceSpider, complete_html


class GroupSpider(SourceSpider):
    platform = "group"

    def parse_page(self, response: Response) -> Iterator[Any]:
        run = self.count_page(response)
        try:
            page: FeedPage = parse_feed_page(complete_html(response), response.url)
        except ParseError as error:
            retry = self.retry_unparsable(response, error)
            if retry is not None:
                yield retry
            return
        fresh, go_on = self.select(run, page.posts)
        yield from self.emit(run, fresh)
        if page.more_url is None:
            run.reached_end = True
        elif go_on:
            yield self.page_request(run, page.more_url, self.parse_page)
