"""Progress lines for ``smugglewatch crawl``: pages and posts per platform every few seconds, on stderr."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

INTERVAL_S = 2.0


class ProgressExtension:
    """Off unless ``SW_PROGRESS`` is set (the CLI sets it; tests and DAG tasks do not)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SW_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        stats = self.crawler.stats
        errors = sum(v for k, v in stats.get_stats().items() if k.startswith("sw/errors/"))
        name = self.crawler.spider.name if self.crawler.spider else "?"
        return (
            f"[{name}] pages {stats.get_value('sw/pages', 0)}, new/changed posts {stats.get_value('sw/posts', 0)}, "
            f"unchanged {stats.get_value('sw/unchanged', 0)}, errors {errors}"
        )

    def opened(self) -> None:
        self.loop = task.LoopingCall(lambda: print(self.line(), file=sys.stderr, flush=True))
        self.loop.start(INTERVAL_S, now=False)

    def closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        print(self.line() + " (done)", file=sys.stderr, flush=True)
