"""Crawl throughput against the local fixture site: pages/s and posts/s with our production crawl settings.

    python -m bench.bench_crawl [--posts 5000] [--seed 7] [--compare]

Generates a corpus, serves it on a free loopback port, crawls every source once (first run, no state) and prints
one JSON object. ``--compare`` also crawls with AutoThrottle off, to show that our politeness settings do not
slow a fast local site to a trickle. Throughput is measured inside the crawl process (Scrapy start-up excluded).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def measure(corpus: Path, work: Path, autothrottle: bool = True) -> dict:
    """One complete first crawl of every source; the numbers a reader needs to judge it."""
    from crawlers.run import crawl
    from fixtures.site import start_site
    from smugglewatch.settings import Settings

    with start_site(corpus) as site:
        settings = Settings(data_dir=work / "var", fixture_site_url=site.url)
        settings.crawl.max_age_days = 3650  # the bench corpus is weeks old; crawl all of it
        settings.crawl.max_pages = 100_000
        settings.crawl.autothrottle = autothrottle
        stats = crawl(settings, out_dir=work / "out")
    return {
        "autothrottle": autothrottle,
        "sources": len(stats.sources),
        "pages": stats.pages,
        "posts": stats.posts,
        "errors": stats.errors,
        "crawl_s": stats.crawl_s,
        "wall_s": stats.duration_s,
        "pages_per_s": round(stats.pages_per_s, 1),
        "posts_per_s": round(stats.posts_per_s, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000, help="corpus size (default 5000)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--compare", action="store_true", help="also crawl with AutoThrottle off")
    args = parser.parse_args(argv)

    from fixtures.generator import generate, write_corpus

    with tempfile.TemporaryDirectory(prefix="sw-bench-crawl-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(generate(args.posts, args.seed), corpus, args.seed)
        result: dict = {"corpus_posts": args.posts, "production": measure(corpus, Path(tmp) / "prod")}
        if args.compare:
            result["autothrottle_off"] = measure(corpus, Path(tmp) / "raw", autothrottle=False)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
