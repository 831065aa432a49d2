"""What a crawl reports back to its caller (CLI, tests, DAG tasks)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SourceStats:
    """One source's share of a crawl."""

    source: str
    pages: int = 0
    posts: int = 0
    unchanged: int = 0
    duplicates: int = 0
    deleted: list[str] = field(default_factory=list)  # post keys answered 404/410
    errors: dict[str, int] = field(default_factory=dict)
    file: str | None = None


@dataclass
class CrawlStats:
    """Totals of one crawl. ``errors`` counts by kind: http_<code>, timeout, malformed_html, truncated_json,
    redirect_loop, offsite_blocked, robots_blocked, connection, and ``<kind>_retried`` for retries that happened.
    """

    pages: int = 0
    posts: int = 0
    unchanged: int = 0
    duplicates: int = 0
    deleted: list[str] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    duration_s: float = 0.0  # wall time seen by the caller, child process start-up included
    crawl_s: float = 0.0  # time inside the crawl itself (what throughput is measured on)
    sources: list[SourceStats] = field(default_factory=list)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.crawl_s if self.crawl_s else 0.0

    @property
    def posts_per_s(self) -> float:
        return self.posts / self.crawl_s if self.crawl_s else 0.0

    @property
    def files(self) -> list[str]:
        return [s.file for s in self.sources if s.file]

    def source(self, name: str) -> SourceStats:
        return next(s for s in self.sources if s.source == name)

    @classmethod
    def from_sources(cls, sources: list[SourceStats], duration_s: float, crawl_s: float = 0.0) -> CrawlStats:
        errors: Counter[str] = Counter()
        for s in sources:
            errors.update(s.errors)
        return cls(
            pages=sum(s.pages for s in sources),
            posts=sum(s.posts for s in sources),
            unchanged=sum(s.unchanged for s in sources),
            duplicates=sum(s.duplicates for s in sources),
            deleted=sorted(k for s in sources for k in s.deleted),
            errors=dict(sorted(errors.items())),
            duration_s=round(duration_s, 3),
            crawl_s=round(crawl_s, 3),
            sources=sources,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["pages_per_s"] = round(self.pages_per_s, 1)
        data["posts_per_s"] = round(self.posts_per_s, 1)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrawlStats:
        sources = [SourceStats(**s) for s in data.get("sources", [])]
        return cls.from_sources(sources, data.get("duration_s", 0.0), data.get("crawl_s", 0.0))
