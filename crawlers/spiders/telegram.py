"""Telegram channel previews (``t.me/s/<channel>``): newest page first, then ``?before=`` to older pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response

from crawlers.parsing.telegram import parse_channel_page
from crawlers.spiders.base import SourceSpider, _origin_path


class TelegramSpider(SourceSpider):
    platform = "telegram"

    def allowed_prefixes(self, start_url: str) -> list[str]:
        """The preview ``…/s/<channel>`` and the channel's permalinks ``…/<channel>/<id>``."""
        base = _origin_path(start_url)
        parts = urlsplit(start_url)
        if parts.scheme == "file" or "/s/" not in parts.path:
            return [base]
        head, channel = parts.path.rsplit("/s/", 1)
        return [base, f"{parts.scheme}://{parts.netloc}{head}/{channel.strip('/')}/"]

    def parse_page(self, response: Response) -> Iterator[Any]:
        yield from self.walk_listing(response, parse_channel_page, lambda page: page.older_url)
