"""What every platform spider shares: per-source runs, incremental paging rules, error counting, deletions.

A spider crawls all configured sources of one platform. Each source has a :class:`SourceRun` that holds its
saved state and what this run saw; requests carry the source name in ``meta["source"]``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawlers.items import build_item, content_hash, utc_iso
from crawlers.middlewares import OffsiteBlocked, RedirectLoop
from crawlers.parsing.records import ParsedPost, ParseError
from crawlers.state import SeenPost, SourceState

log = logging.getLogger(__name__)
GONE = (404, 410)


@dataclass
class CrawlOptions:
    """The run-wide knobs a spider needs (from CrawlSettings, or fixed for an ad-hoc --start-url run)."""

    max_pages: int = 200
    max_age_days: float | None = 60
    recheck_days: float = 2.0
    collect_comments: bool = True
    incremental: bool = True
    follow_pages: bool = True
    parse_retries: int = 2


@dataclass
class SourceRun:
    """One source during one run: its saved state and what this run found."""

    name: str
    platform: str
    start_url: str
    state: SourceState
    allowed: list[str]
    pages: int = 0  # every page fetched for this source (listings, details, replies)
    listing_pages: int = 0  # listing pages only: what max_pages bounds
    posts: int = 0
    unchanged: int = 0
    duplicates: int = 0
    present: set[str] = field(default_factory=set)
    oldest_seen: str | None = None
    newest_seen: str | None = None
    lost_page: bool = False  # a listing or detail page was lost to errors: the paging mark must not move
    reached_end: bool = False
    checks_sent: bool = False
    deleted: list[str] = field(default_factory=list)
    updates: dict[str, SeenPost] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)

    def saw(self, published: str | None) -> None:
        """Widen the range of publication times this run has listed."""
        if published and (self.oldest_seen is None or published < self.oldest_seen):
            self.oldest_seen = published
        if published and (self.newest_seen is None or published > self.newest_seen):
            self.newest_seen = published

    @property
    def short(self) -> str:
        """``telegram:med_crossing_line`` -> ``med_crossing_line`` (the item's ``source`` field)."""
        return self.name.split(":", 1)[1] if ":" in self.name else self.name

    def summary(self) -> dict[str, Any]:
        return {
            "source": self.name,
            "pages": self.pages,
            "posts": self.posts,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "deleted": sorted(self.deleted),
            "errors": dict(self.errors),
        }


def classify_failure(failure: Failure) -> str | None:
    """A short error kind for the stats; None when a middleware already counted it."""
    exc = failure.value
    if isinstance(exc, OffsiteBlocked | RedirectLoop):
        return None
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, TimeoutError | TCPTimedOutError):
        return "timeout"
    if isinstance(exc, IgnoreRequest):
        message = str(exc).lower()
        if "robots" in message:
            return "robots_blocked"
        if "redirect" in message:
            return "redirect_loop"
        return "ignored"
    if isinstance(exc, ConnectionRefusedError | DNSLookupError):
        return "connection"
    return type(exc).__name__.lower()


def path_allowed(url: str, prefixes: Iterable[str]) -> bool:
    """``url`` is a prefix itself or lies under one at a path-segment boundary (``/groups/a`` != ``/groups/ab``)."""
    for prefix in prefixes:
        if url == prefix or (url.startswith(prefix) and (prefix.endswith("/") or url[len(prefix)] in "/?#")):
            return True
    return False


class SourceSpider(scrapy.Spider):
    """Base of the four platform spiders."""

    platform: ClassVar[str] = ""

    def __init__(
        self,
        sources: list[dict],
        states: dict[str, SourceState],
        options: CrawlOptions,
        out_dir: str,
        data_dir: str | None = None,
        **kw: Any,
    ):
        super().__init__(name=self.platform, **kw)
        self.options = options
        self.out_dir = out_dir
        self.data_dir = data_dir  # None: an ad-hoc run that keeps no state
        self.crawled_at = datetime.now(UTC).isoformat(timespec="seconds")
        now = datetime.now(UTC)
        self.cutoff = (
            (now - timedelta(days=options.max_age_days)).isoformat(timespec="seconds") if options.max_age_days else None
        )
        self.runs: dict[str, SourceRun] = {}
        for spec in sources:
            url = spec["start_url"]
            state = states.get(spec["name"]) or SourceState(source=spec["name"])
            self.runs[spec["name"]] = SourceRun(spec["name"], self.platform, url, state, self.allowed_prefixes(url))

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    # --- what each platform spider provides -------------------------------------------------------------

    def allowed_prefixes(self, start_url: str) -> list[str]:
        """URL prefixes this source may fetch; the default is the start URL's path."""
        return [_origin_path(start_url)]

    def check_url(self, run: SourceRun, post_id: str) -> str | None:
        """Where to confirm that a post which vanished from its listing is really gone (404/410)."""
        seen = run.state.posts.get(post_id)
        return seen.url if seen else None

    # --- shared machinery ----------------------------------------------------------------------------------

    async def start(self):  # an async generator of requests (Scrapy 2.13+)
        for run in self.runs.values():
            yield self.page_request(run, run.start_url, self.parse_page)

    def page_request(self, run: SourceRun, url: str, callback: Any, **meta: Any) -> Request:
        meta = {"source": run.name, "listing": True, "required": True, **meta}
        return Request(url, callback=callback, errback=self.on_error, meta=meta)

    def post_request(
        self, run: SourceRun, url: str, callback: Any, required: bool = True, errback: Any = None, **meta: Any
    ) -> Request:
        """A request for one post's own page: 404/410 there means the post was deleted.

        ``required``: losing this page loses a post, so the paging mark must not move past it.
        """
        meta = {"source": run.name, "handle_httpstatus_list": list(GONE), "required": required, **meta}
        return Request(url, callback=callback, errback=errback or self.on_error, meta=meta, dont_filter=True)

    def parse_page(self, response: Response) -> Iterator[Any]:
        raise NotImplementedError

    def walk_listing(
        self, response: Response, parse: Callable[[str, str], Any], next_url: Callable[[Any], str | None]
    ) -> Iterator[Any]:
        """One page of a feed that pages backwards: parse it, emit fresh posts, follow the older page if worth it."""
        run = self.count_page(response)
        try:
            page = parse(complete_html(response), response.url)
        except ParseError as error:
            retry = self.retry_unparsable(response, error)
            if retry is not None:
                yield retry
            return
        fresh, go_on = self.select(run, page.posts)
        yield from self.emit(run, fresh)
        older = next_url(page)
        if older is None:
            run.reached_end = True
        elif go_on:
            yield self.page_request(run, older, self.parse_page)

    def run_of(self, request_or_response: Request | Response) -> SourceRun:
        return self.runs[request_or_response.meta["source"]]

    def is_allowed(self, url: str) -> bool:
        if urlsplit(url).path == "/robots.txt":
            origins = {_origin(p) for run in self.runs.values() for p in run.allowed}
            return _origin(url) in origins
        return any(path_allowed(url, run.allowed) for run in self.runs.values())

    def count_error(self, kind: str, request: Request | None = None) -> None:
        self.crawler.stats.inc_value(f"sw/errors/{kind}")
        source = request.meta.get("source") if request is not None else None
        if source in self.runs:
            self.runs[source].errors[kind] += 1

    def on_error(self, failure: Failure) -> None:
        kind = classify_failure(failure)
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get("required") and request.meta.get("source") in self.runs:
            self.runs[request.meta["source"]].lost_page = True
        if kind is not None:
            self.count_error(kind, request)
            log.warning("%s: %s", kind, request.url if request is not None else failure.getErrorMessage())

    def count_page(self, response: Response, listing: bool = True) -> SourceRun:
        run = self.run_of(response)
        run.pages += 1
        run.listing_pages += int(listing)
        self.crawler.stats.inc_value("sw/pages")
        return run

    def retry_unparsable(self, response: Response, error: ParseError) -> Request | None:
        """A malformed page or truncated body is counted and fetched again a few times: such faults pass."""
        self.count_error(error.kind, response.request)
        log.warning("%s: %s", error.kind, response.url)
        tries = response.meta.get("parse_tries", 0)
        if tries >= self.options.parse_retries:
            if response.meta.get("required"):
                self.run_of(response).lost_page = True
            return None
        return response.request.replace(dont_filter=True, meta={**response.meta, "parse_tries": tries + 1})

    def emit(self, run: SourceRun, posts: Iterable[ParsedPost]) -> Iterator[dict[str, Any]]:
        """Contract items (minimised) for new or changed posts; their state is remembered for the next run."""
        for post in posts:
            item = build_item(post, self.platform, run.short, self.crawled_at, self.options.collect_comments)
            run.updates[post.post_id] = SeenPost(
                hash=item["content_hash"], published_at=item["published_at"], url=post.url, replies=post.replies_count
            )
            yield item

    def select(self, run: SourceRun, posts: list[ParsedPost]) -> tuple[list[ParsedPost], bool]:
        """Which posts are new or changed, and whether paging should go on to older pages.

        Paging stops at the last post already seen (plus ``recheck_days`` for recent edits), at the age limit
        (``max_age_days``; older posts are never collected), and after ``max_pages`` listing pages.
        """
        fresh, go_on = [], True
        mark = run.state.mark if self.options.incremental else None
        stop_at = _minus_days(mark, self.options.recheck_days) if mark else None
        for post in posts:
            published = utc_iso(post.published_at)
            run.saw(published)
            if self.cutoff and published and published < self.cutoff:
                go_on = False
                continue
            run.present.add(post.post_id)
            if stop_at and published and published < stop_at:
                go_on = False
            if self.is_unchanged(run, post):
                run.unchanged += 1
                self.crawler.stats.inc_value("sw/unchanged")
                continue
            fresh.append(post)
        if run.listing_pages >= self.options.max_pages or not self.options.follow_pages:
            go_on = False
        return fresh, go_on

    def is_unchanged(self, run: SourceRun, post: ParsedPost) -> bool:
        if not self.options.incremental:
            return False
        seen = run.state.posts.get(post.post_id)
        return seen is not None and seen.hash == content_hash(post.text) and seen.replies == post.replies_count

    def on_idle(self) -> None:
        """Once the listings are done, re-check posts that vanished from them: a 404/410 is a deletion."""
        checks = []
        for run in self.runs.values():
            if run.checks_sent or not self.options.incremental:
                continue
            run.checks_sent = True
            for post_id in self.vanished(run):
                url = self.check_url(run, post_id)
                if url:
                    checks.append(self.post_request(run, url, self.on_check, required=False, post_id=post_id))
        if not checks:
            return
        for request in checks:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def vanished(self, run: SourceRun) -> list[str]:
        """Posts known from earlier runs, within the range this run listed, that the listing no longer shows."""
        out = []
        for post_id, seen in run.state.posts.items():
            if post_id in run.present:
                continue
            in_range = run.reached_end or (
                seen.published_at is not None and run.oldest_seen is not None and seen.published_at >= run.oldest_seen
            )
            if in_range:
                out.append(post_id)
        return sorted(out)

    def on_check(self, response: Response) -> None:
        if response.status in GONE:
            self.mark_deleted(self.run_of(response), response.meta["post_id"])

    def mark_deleted(self, run: SourceRun, post_id: str) -> None:
        if post_id not in run.deleted:
            run.deleted.append(post_id)
            self.crawler.stats.inc_value("sw/deleted")

    def closed(self, reason: str) -> None:
        log.info("%s spider closed: %s", self.platform, reason)


def complete_html(response: Response) -> str:
    """The page text; a document cut short (no closing ``</html>``) raises ParseError('malformed_html')."""
    text = response.text
    if "<html" in text[:4000].lower() and "</html>" not in text[-4000:].lower():
        raise ParseError("malformed_html", f"page cut short: {response.url}")
    return text


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _origin_path(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return url
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _minus_days(iso: str, days: float) -> str:
    return (datetime.fromisoformat(iso) - timedelta(days=days)).isoformat(timespec="seconds")
