"""One benchmark measurement per process: ``python -m bench.stages STAGE CORPUS_DIR WORK_DIR``.

Each stage runs in its own process so its peak memory (ru_maxrss, children included) is its own. The result is
one JSON line on stdout: items, seconds, rate, and any side-by-side comparison the stage makes.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from smugglewatch.settings import Settings

STAGES: dict[str, Callable[[Path, Path], dict]] = {}


def stage(fn: Callable[[Path, Path], dict]) -> Callable[[Path, Path], dict]:
    STAGES[fn.__name__] = fn
    return fn


def _settings(work: Path) -> Settings:
    return Settings(data_dir=work / "var")


def _crawl_everything(work: Path, site_url: str, **kwargs: object) -> Settings:
    """Settings for a first crawl that takes the whole site: no page or age bound (the defaults bound it)."""
    from smugglewatch.settings import CrawlSettings

    crawl = CrawlSettings(max_pages=1_000_000, max_age_days=0)
    return Settings(data_dir=work / "var", fixture_site_url=site_url, crawl=crawl, **kwargs)


def _texts(corpus: Path) -> list[str]:
    from fixtures.generator import load_corpus

    return [p["text"] for p in load_corpus(corpus)]


def _timed(fn: Callable[[], int]) -> tuple[int, float]:
    started = time.perf_counter()
    items = fn()
    return items, time.perf_counter() - started


@stage
def crawl(corpus: Path, work: Path) -> dict:
    """Every source of the fixture site, crawled with our production Scrapy settings."""
    from crawlers.run import crawl as run_crawl
    from fixtures.site import start_site

    with start_site(corpus) as site:
        settings = _crawl_everything(work, site.url)
        started = time.perf_counter()
        stats = run_crawl(settings, out_dir=work / "crawl")
        seconds = time.perf_counter() - started
    stats = stats.as_dict() if hasattr(stats, "as_dict") else dict(stats.__dict__)
    return {
        "items": stats["posts"],
        "pages": stats["pages"],
        "seconds": seconds,
        "pages_per_s": stats["pages"] / seconds,
    }


@stage
def langdetect(corpus: Path, work: Path) -> dict:
    """langdetect on every post, and an alternative detector side by side if one is installed."""
    import importlib.util

    from classifiers.language import detect_language

    texts = _texts(corpus)
    items, seconds = _timed(lambda: sum(1 for t in texts if detect_language(t)))
    result: dict = {"items": items, "seconds": seconds}
    for name in ("lingua", "langid", "fasttext", "gcld3"):
        if importlib.util.find_spec(name):
            result["alternative"] = name
            break
    else:
        result["alternative"] = "none installed (checked lingua, langid, fasttext, gcld3)"
    return result


@stage
def redaction(corpus: Path, work: Path) -> dict:
    """The full redactor (every detector, keyed tokens) on one core."""
    from redaction import Redactor

    redactor = Redactor.from_settings(_settings(work))
    texts = _texts(corpus)
    items, seconds = _timed(lambda: sum(1 for t in texts if redactor.redact(t) is not None))
    return {"items": items, "seconds": seconds}


def _redacted_texts(corpus: Path, work: Path) -> list[str]:
    from redaction import Redactor

    redactor = Redactor.from_settings(_settings(work))
    return [redactor.redact(t).text_redacted for t in _texts(corpus)]


@stage
def classify(corpus: Path, work: Path) -> dict:
    """Batched int8 (the default), plus fp32 and one-by-one on a sample, side by side."""
    from classifiers.model import Classifier

    texts = _redacted_texts(corpus, work)
    model = Classifier.load()
    items, seconds = _timed(lambda: len(model.classify(texts)))
    sample = texts[:300]
    _, one_by_one = _timed(lambda: sum(len(model.classify([t])) for t in sample))
    fp32 = Classifier.load(quantize=False)
    _, fp32_seconds = _timed(lambda: len(fp32.classify(sample)))
    _, int8_seconds = _timed(lambda: len(model.classify(sample)))
    return {
        "items": items,
        "seconds": seconds,
        "sample": len(sample),
        "one_by_one_per_s": len(sample) / one_by_one,
        "batched_per_s": len(sample) / int8_seconds,
        "fp32_batched_per_s": len(sample) / fp32_seconds,
    }


@stage
def warehouse_load(corpus: Path, work: Path) -> dict:
    """Bulk Parquet insert (the target), the whole loader, and row-by-row inserts on a sample, side by side."""
    from bench.bench_warehouse import bulk_insert, full_load, row_inserts, synthetic_run
    from fixtures.generator import load_corpus

    posts = len(load_corpus(corpus))
    run_dir = synthetic_run(work / "run", posts)
    bulk = bulk_insert(work / "bulk", run_dir)
    whole = full_load(work, run_dir, posts)
    rows = row_inserts(work, run_dir, sample=min(posts, 2000))
    return {
        "items": bulk["rows"],
        "seconds": bulk["seconds"],
        "load_run_posts_per_s": whole["posts_per_s"],
        "reload_changed_anything": whole["reload_changed_anything"],
        "row_inserts_per_s": rows["rows_per_s"],
    }


@stage
def whole_batch(corpus: Path, work: Path) -> dict:
    """Crawl to review queue, in-process: the fixture site, every stage, one load."""
    from fixtures.site import start_site
    from smugglewatch.main_job import run_batch
    from smugglewatch.settings import get_settings

    with start_site(corpus) as site:
        model_dir = get_settings().model_dir  # the current model of the environment, as classify uses
        settings = _crawl_everything(work, site.url, model_dir=model_dir)
        started = time.perf_counter()
        summary = run_batch(settings, work / "run", echo=False)
        seconds = time.perf_counter() - started
    return {"items": summary["posts_in"], "seconds": seconds}


def main() -> None:
    name, corpus, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    result = STAGES[name](corpus, work)
    result["rate"] = result["items"] / result["seconds"] if result["seconds"] else 0.0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_rss_mb"] = round(max(own, children) / 1024, 1)
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
