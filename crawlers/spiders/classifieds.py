"""Classifieds: listing pages newest first, then the detail page of each ad that is new or may have changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response

from crawlers.items import utc_iso
from crawlers.parsing.classifieds import ListingPage, parse_ad, parse_listing
from crawlers.parsing.records import ParsedPost, ParseError
from crawlers.spiders.base import GONE, SourceRun, SourceSpider, _minus_days, _origin_path, complete_html


class ClassifiedsSpider(SourceSpider):
    platform = "classifieds"

    def allowed_prefixes(self, start_url: str) -> list[str]:
        """The category listing and ad detail pages (``…/<category>`` -> ``…/ad/``); never seller pages."""
        base = _origin_path(start_url)
        if urlsplit(start_url).scheme == "file":
            return [base]
        return [base, base.rsplit("/", 1)[0] + "/ad/"]

    def parse_page(self, response: Response) -> Iterator[Any]:
        run = self.count_page(response)
        try:
            page: ListingPage = parse_listing(complete_html(response), response.url)
        except ParseError as error:
            retry = self.retry_unparsable(response, error)
            if retry is not None:
                yield retry
            return
        go_on = True
        for card in page.cards:
            if card.ad_id in run.present:  # the listing shifted under us (new ads on page 1): seen already
                run.duplicates += 1
                self.crawler.stats.inc_value("sw/duplicates")
                continue
            go_on = self.consider_card(run, card.ad_id, utc_iso(card.published_at)) and go_on
            if self.wants_detail(run, card.ad_id, utc_iso(card.published_at)):
                yield self.post_request(run, card.url, self.parse_ad, post_id=card.ad_id)
        if run.listing_pages >= self.options.max_pages or not self.options.follow_pages:
            go_on = False
        if page.next_url is None:
            run.reached_end = True
        elif go_on:
            yield self.page_request(run, page.next_url, self.parse_page)

    def consider_card(self, run: SourceRun, ad_id: str, published: str | None) -> bool:
        """Record the card; False once paging should stop (age limit, or past the last ad already seen)."""
        run.saw(published)
        mark = run.state.mark if self.options.incremental else None
        if self.cutoff and published and published < self.cutoff:
            return False
        run.present.add(ad_id)
        return not (mark and published and published < _minus_days(mark, self.options.recheck_days))

    def wants_detail(self, run: SourceRun, ad_id: str, published: str | None) -> bool:
        """New ads, and known ads young enough that an edit is still likely (their hash is checked)."""
        if ad_id not in run.present:
            return False
        if not self.options.incremental or ad_id not in run.state.posts:
            return True
        mark = run.state.mark
        return bool(mark and published and published >= _minus_days(mark, self.options.recheck_days))

    def parse_ad(self, response: Response) -> Iterator[Any]:
        run = self.count_page(response, listing=False)
        if response.status in GONE:
            self.mark_deleted(run, response.meta["post_id"])
            return
        try:
            post: ParsedPost = parse_ad(complete_html(response), response.url)
        except ParseError as error:
            retry = self.retry_unparsable(response, error)
            if retry is not None:
                yield retry
            return
        if self.is_unchanged(run, post):
            run.unchanged += 1
            self.crawler.stats.inc_value("sw/unchanged")
            return
        yield from self.emit(run, [post])
