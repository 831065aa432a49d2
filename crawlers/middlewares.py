"""Downloader middlewares: the allow-list, Retry-After-aware retries and redirect-loop detection."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
_REDIRECTS = {301, 302, 303, 307, 308}


class OffsiteBlocked(IgnoreRequest):
    """A request outside every configured source (purpose limitation)."""


class RedirectLoop(IgnoreRequest):
    """A redirect that leads back to a URL already in its own chain."""


def _count(crawler: Crawler, kind: str, request: Request) -> None:
    spider = crawler.spider
    if spider is not None and hasattr(spider, "count_error"):
        spider.count_error(kind, request)
    else:
        crawler.stats.inc_value(f"sw/errors/{kind}")


class AllowListMiddleware:
    """Drop every request that is not under a configured source's start path (or its robots.txt)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        if spider is None or not hasattr(spider, "is_allowed") or spider.is_allowed(request.url):
            return None
        _count(self.crawler, "offsite_blocked", request)
        log.info("blocked by the allow-list: %s", request.url)
        raise OffsiteBlocked(f"outside the allow-list: {request.url}")


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 10.2.3). None if absent or bad."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry, plus a wait before each retry: the server's Retry-After, else exponential backoff.

    A Retry-After longer than ``SW_MAX_RETRY_AFTER`` is not waited for: the request gives up and is counted.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("SW_MAX_RETRY_AFTER", 60.0)
        self.backoff_base = settings.getfloat("SW_RETRY_BACKOFF_BASE", 0.25)
        self.max_slot_delay = settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 10.0)

    def backoff(self, retries: int) -> float:
        return min(self.max_wait, self.backoff_base * 2**retries)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        kind = f"http_{response.status}"
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = self.backoff(request.meta.get("retry_times", 0))
        if wait > self.max_wait:
            _count(self.crawler, f"{kind}_retry_after_too_long", request)
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response  # gave up: the spider's errback counts it
        _count(self.crawler, f"{kind}_retried", request)
        self.crawler.stats.inc_value("sw/retry_wait_s", wait)
        self.slow_down(request, wait)
        await asyncio.sleep(wait)
        return retry

    def slow_down(self, request: Request, wait: float) -> None:
        """A 429/503 speaks for the whole site: space its other requests too (AutoThrottle eases off again)."""
        engine = self.crawler.engine
        slots = getattr(getattr(engine, "downloader", None), "slots", {})
        slot = slots.get(request.meta.get("download_slot"))
        if slot is not None:
            slot.delay = max(slot.delay, min(wait, self.max_slot_delay))

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        """Timeouts and connection errors: Scrapy's retry, counted so the caller sees them even when it recovered."""
        retry = super().process_exception(request, exception)
        if retry is not None:
            kind = "timeout" if "timeout" in type(exception).__name__.lower() else "connection"
            _count(self.crawler, f"{kind}_retried", request)
        return retry


class RedirectLoopMiddleware:
    """Stop a redirect that points back into its own chain at once, instead of after REDIRECT_MAX_TIMES hops."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in _REDIRECTS or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if _normal(target) in {_normal(u) for u in chain}:
            _count(self.crawler, "redirect_loop", request)
            raise RedirectLoop(f"redirect loop: {request.url} -> {target}")
        return response


def _normal(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(fragment="").geturl()
