"""Group feeds (m.facebook.com markup): newest posts first, comments inline, "See more posts" to go back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawlers.parsing.group import parse_feed_page
from crawlers.spiders.base import SourceSpider


class GroupSpider(SourceSpider):
    platform = "group"

    def parse_page(self, response: Response) -> Iterator[Any]:
        yield from self.walk_listing(response, parse_feed_page, lambda page: page.more_url)
