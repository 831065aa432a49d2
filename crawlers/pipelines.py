"""Item pipelines: drop duplicate posts, then write one JSON Lines file per source, atomically, and save state.

Files and state are written when the spider closes, file first: a crash mid-crawl leaves neither a half file nor
a state that claims posts no file holds.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem

from crawlers.state import file_stem, save_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.spiders.base import SourceRun, SourceSpider


def output_path(out_dir: Path, source: str) -> Path:
    """``OUT/<source name with ':' -> '__'>.jsonl`` (docs/CONTRACTS.md "Crawl output")."""
    return Path(out_dir) / f"{file_stem(source)}.jsonl"


class _SpiderPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def spider(self) -> SourceSpider:
        return self.crawler.spider  # type: ignore[return-value]

    def run_for(self, item: dict[str, Any]) -> SourceRun:
        return self.spider.runs[f"{item['platform']}:{item['source']}"]


class DedupePipeline(_SpiderPipeline):
    """A post met twice in one run (pages shifting while we page) is written once."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        key = item["post_key"]
        if key in self.seen:
            self.run_for(item).duplicates += 1
            self.crawler.stats.inc_value("sw/duplicates")
            raise DropItem(f"duplicate {key}")
        self.seen.add(key)
        return item


class OutputPipeline(_SpiderPipeline):
    """Streams items to a temp file per source; on close renames each into place and saves the source state."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.files: dict[str, tuple[IO[str], str]] = {}

    def open_spider(self) -> None:
        Path(self.spider.out_dir).mkdir(parents=True, exist_ok=True)

    def _file(self, source: str) -> IO[str]:
        if source not in self.files:
            final = output_path(Path(self.spider.out_dir), source)
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
            self.files[source] = (os.fdopen(fd, "w", encoding="utf-8"), tmp)
        return self.files[source][0]

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        run = self.run_for(item)
        self._file(run.name).write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        run.posts += 1
        self.crawler.stats.inc_value("sw/posts")
        return item

    def close_spider(self) -> None:
        for run in self.spider.runs.values():
            self._file(run.name)  # a source with nothing new still gets its (empty) file
            handle, tmp = self.files.pop(run.name)
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.replace(tmp, output_path(Path(self.spider.out_dir), run.name))
            self._save_state(run)

    def _save_state(self, run: SourceRun) -> None:
        if self.spider.data_dir is None:
            return
        state = run.state
        state.posts.update(run.updates)
        for post_id in run.deleted:
            state.posts.pop(post_id, None)
        if self.spider.cutoff:  # posts past the age limit are never collected again: forget them
            state.posts = {
                k: v for k, v in state.posts.items() if not v.published_at or v.published_at >= self.spider.cutoff
            }
        if not run.lost_page and run.newest_seen:
            state.mark = max(filter(None, [state.mark, run.newest_seen]))
        state.last_run_at = self.spider.crawled_at
        save_state(Path(self.spider.data_dir), state)
