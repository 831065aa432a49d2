"""Classifieds: listing pages (ad cards, ``rel=next``) and ad detail pages (full text, photos, public questions).

Seller profile links are read for nothing and followed never: they sit under a robots.txt-disallowed path and
are personal data the pipeline does not use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from crawlers.parsing.records import Comment, Media, ParsedPost, ParseError, html_selector
from crawlers.parsing.text import element_text


@dataclass
class AdCard:
    """An ad as the listing shows it: enough to decide whether its detail page is worth fetching."""

    ad_id: str
    url: str
    published_at: str | None


@dataclass
class ListingPage:
    cards: list[AdCard] = field(default_factory=list)
    next_url: str | None = None


def parse_listing(html: str, url: str) -> ListingPage:
    sel = html_selector(html, url)
    if not sel.css("ul.ad-list, main.content"):
        raise ParseError("malformed_html", f"no classifieds listing markup in {url}")
    page = ListingPage()
    for card in sel.css("li.ad-card[data-ad-id]"):
        href = card.css("a.ad-link::attr(href)").get()
        ad_id = card.attrib["data-ad-id"]
        page.cards.append(
            AdCard(
                ad_id=ad_id,
                url=urljoin(url, href or f"/classifieds/ad/{ad_id}"),
                published_at=card.css("time.ad-posted::attr(datetime)").get(),
            )
        )
    nxt = sel.css('link[rel="next"]::attr(href)').get() or sel.css('a[rel="next"]::attr(href)').get()
    page.next_url = urljoin(url, nxt) if nxt else None
    return page


def parse_ad(html: str, url: str) -> ParsedPost:
    sel = html_selector(html, url)
    detail = sel.css("article.ad-detail[data-ad-id]")
    if not detail:
        raise ParseError("malformed_html", f"no ad detail markup in {url}")
    ad = detail[0]
    body = ad.css("div.ad-body")
    if not body:
        raise ParseError("malformed_html", f"ad without a body in {url}")
    canonical = sel.css('link[rel="canonical"]::attr(href)').get()
    return ParsedPost(
        post_id=ad.attrib["data-ad-id"],
        url=urljoin(url, canonical) if canonical else url,
        author=_clean(ad.css("a.ad-seller::text").get()),
        published_at=ad.css("time.ad-posted::attr(datetime)").get(),
        edited_at=ad.css(".ad-updated time::attr(datetime)").get(),
        edited=bool(ad.css(".ad-updated")),
        text=element_text(body[0].root),
        comments=[
            Comment(author=_clean(q.css(".q-author::text").get()), text=element_text(q.css(".q-text")[0].root))
            for q in ad.css(".ad-question")
            if q.css(".q-text")
        ],
        media=[
            Media(url=urljoin(url, img.attrib["src"]), type=img.attrib.get("data-type") or "photo")
            for img in ad.css(".ad-gallery img[src]")
        ],
    )


def _clean(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
