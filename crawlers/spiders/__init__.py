"""One spider per platform shape. Each crawls every configured source of its platform."""

from __future__ import annotations

from crawlers.spiders.classifieds import ClassifiedsSpider
from crawlers.spiders.group import GroupSpider
from crawlers.spiders.mastodon import MastodonSpider
from crawlers.spiders.telegram import TelegramSpider

SPIDERS = {
    "telegram": TelegramSpider,
    "group": GroupSpider,
    "classifieds": ClassifiedsSpider,
    "mastodon": MastodonSpider,
}

__all__ = ["SPIDERS", "ClassifiedsSpider", "GroupSpider", "MastodonSpider", "TelegramSpider"]
