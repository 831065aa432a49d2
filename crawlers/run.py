"""Run a crawl in a child process and return its stats.

Scrapy's Twisted reactor cannot be restarted within one process, so :func:`crawl` starts ``python -m
crawlers.run JOB.json`` for every crawl. The CLI, tests and DAG tasks can then crawl as often as they like.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawlers.stats import CrawlStats, SourceStats
from smugglewatch.settings import Settings, SourceSpec

PLATFORMS = ("telegram", "group", "classifieds", "mastodon")


class CrawlError(RuntimeError):
    """The crawl could not run at all (bad configuration, crashed child process)."""


def resolve_sources(settings: Settings, names: list[str] | None = None) -> list[SourceSpec]:
    """The allow-listed sources to crawl: settings.crawl.sources, or else the fixture site's /sources.json.

    ``names`` narrows the list; an unknown name is an error (the allow-list is never widened from here).
    """
    configured = list(settings.crawl.sources) or fetch_site_sources(settings.fixture_site_url)
    specs = [
        s.model_copy(update={"start_url": urljoin(settings.fixture_site_url + "/", s.start_url)}) for s in configured
    ]
    for spec in specs:
        if spec.platform not in PLATFORMS:
            raise CrawlError(
                f"source {spec.name}: unknown platform {spec.platform!r}; use one of {', '.join(PLATFORMS)}"
            )
    if not names:
        return specs
    known = {s.name: s for s in specs}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CrawlError(
            f"not in the configured sources: {', '.join(unknown)}; known: {', '.join(sorted(known)) or 'none'}"
        )
    return [known[n] for n in names]


def fetch_site_sources(site_url: str, timeout_s: float = 10.0) -> list[SourceSpec]:
    """Read ``<site>/sources.json`` (used when settings.crawl.sources is empty)."""
    url = site_url.rstrip("/") + "/sources.json"
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as resp:
            data = json.loads(resp.read())
    except (OSError, ValueError) as exc:
        raise CrawlError(
            f"no sources configured and {url} cannot be read ({exc}); set crawl.sources or start the fixture site "
            "(smugglewatch fixtures serve)"
        ) from None
    items = data.get("sources", []) if isinstance(data, dict) else data
    return [SourceSpec(**item) for item in items]


def adhoc_source(platform: str, start_url: str) -> SourceSpec:
    """A one-off source for ``--platform P --start-url URL`` (a live page or a saved ``file://`` one)."""
    if platform not in PLATFORMS:
        raise CrawlError(f"unknown platform {platform!r}; use one of {', '.join(PLATFORMS)}")
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https", "file"):
        raise CrawlError(f"--start-url must be http(s):// or file://, got {start_url!r}")
    tail = Path(parts.path).stem if parts.scheme == "file" else parts.path.rstrip("/").rsplit("/", 1)[-1]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in tail) or "adhoc"
    return SourceSpec(name=f"{platform}:{name}", platform=platform, start_url=start_url)


def crawl(
    settings: Settings,
    sources: list[str] | None = None,
    out_dir: Path | str | None = None,
    *,
    specs: list[SourceSpec] | None = None,
    incremental: bool = True,
    progress: bool = False,
    log_level: str = "WARNING",
    timeout_s: float | None = None,
) -> CrawlStats:
    """Crawl the configured sources (or ``specs``) into ``out_dir`` and return the stats.

    One JSON Lines file per source (docs/CONTRACTS.md "Crawl output"); incremental state under
    ``<data_dir>/crawl_state/`` unless ``incremental`` is False (ad-hoc runs).
    """
    specs = specs if specs is not None else resolve_sources(settings, sources)
    if not specs:
        return CrawlStats()  # nothing allow-listed: nothing to start a crawler for
    out = Path(out_dir) if out_dir is not None else Path(settings.runs_dir) / time.strftime("%Y%m%dT%H%M%S") / "crawl"
    out.mkdir(parents=True, exist_ok=True)
    job = {
        "crawl": settings.crawl.model_dump(mode="json"),
        "sources": [s.model_dump(mode="json") for s in specs],
        "out_dir": str(out.resolve()),
        "data_dir": str(Path(settings.data_dir).resolve()) if incremental else None,
        "incremental": incremental,
        "progress": progress,
        "log_level": log_level,
    }
    with tempfile.TemporaryDirectory(prefix="sw-crawl-") as tmp:
        job_path, result_path = Path(tmp) / "job.json", Path(tmp) / "result.json"
        job["result_path"] = str(result_path)
        job_path.write_text(json.dumps(job), encoding="utf-8")
        started = time.perf_counter()
        proc = _run_child(job_path, progress, timeout_s)
        duration = time.perf_counter() - started
        if proc.returncode != 0 or not result_path.is_file():
            tail = (proc.stderr or "")[-2000:]
            raise CrawlError(f"the crawl process failed (exit {proc.returncode}); its last output:\n{tail}")
        result = json.loads(result_path.read_text(encoding="utf-8"))
    return CrawlStats.from_sources([SourceStats(**s) for s in result["sources"]], duration, result["crawl_s"])


def _run_child(job_path: Path, progress: bool, timeout_s: float | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-m", "crawlers.run", str(job_path)]
    try:
        return subprocess.run(
            cmd, env=env, cwd=root, text=True, timeout=timeout_s,
            stdout=None if progress else subprocess.PIPE, stderr=None if progress else subprocess.PIPE,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise CrawlError(f"the crawl took longer than {timeout_s}s and was stopped") from exc


# --- child process ---------------------------------------------------------------------------------------


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Run every platform spider over its sources in this (fresh) process; return per-source stats and time."""
    from scrapy.crawler import CrawlerProcess

    from crawlers.settings import scrapy_settings
    from crawlers.spiders import SPIDERS
    from crawlers.spiders.base import CrawlOptions
    from crawlers.state import load_state
    from smugglewatch.settings import CrawlSettings

    crawl_settings = CrawlSettings(**job["crawl"])
    process = CrawlerProcess(scrapy_settings(crawl_settings, job["log_level"], job["progress"]))
    data_dir = job["data_dir"]
    adhoc = not job["incremental"]
    options = CrawlOptions(
        max_pages=crawl_settings.max_pages,
        max_age_days=None if adhoc else crawl_settings.max_age_days,
        recheck_days=crawl_settings.recheck_days,
        collect_comments=crawl_settings.collect_comments,
        incremental=not adhoc,
    )
    crawlers = []
    for platform in PLATFORMS:
        sources = [s for s in job["sources"] if s["platform"] == platform]
        if not sources:
            continue
        states = {s["name"]: load_state(Path(data_dir), s["name"]) for s in sources} if data_dir else {}
        spider_options = options
        if any(urlsplit(s["start_url"]).scheme == "file" for s in sources):
            spider_options = CrawlOptions(**{**options.__dict__, "follow_pages": False})
        crawler = process.create_crawler(SPIDERS[platform])
        process.crawl(crawler, sources=sources, states=states, options=spider_options, out_dir=job["out_dir"],
                      data_dir=data_dir)  # fmt: skip
        crawlers.append(crawler)
    started = time.perf_counter()
    process.start()
    crawl_s = time.perf_counter() - started
    sources = [_source_stats(run, job["out_dir"]) for crawler in crawlers for run in crawler.spider.runs.values()]
    return {"sources": sources, "crawl_s": crawl_s}


def _source_stats(run: Any, out_dir: str) -> dict[str, Any]:
    from crawlers.pipelines import output_path

    path = output_path(Path(out_dir), run.name)
    summary = run.summary()
    summary["deleted"] = [f"{run.name}:{post_id}" for post_id in summary["deleted"]]
    summary["file"] = str(path) if path.is_file() else None
    return summary


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m crawlers.run JOB.json (written by crawlers.run.crawl)", file=sys.stderr)
        return 2
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = run_job(job)
    Path(job["result_path"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
