"""Redaction speed on one core: ``python bench/bench_redaction.py [--posts N] [--seed S]`` prints JSON.

Posts come from the fixture corpus generator (all languages, fictional identifiers). The process is pinned to one
CPU where the OS allows it. Measured: the full redactor (every detector, keyed tokens) over each post's text, and
separately over text plus comments (what the pipeline redacts per post).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_POSTS_PER_S = 1000.0


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to cpu {cpu}"
    return "not pinned (no sched_setaffinity)"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000, help="how many posts to redact")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed")
    args = parser.parse_args(argv)

    from fixtures.generator import generate
    from redaction import Redactor
    from smugglewatch.settings import Settings

    pinning = _pin_one_core()
    posts = generate(args.posts, seed=args.seed)
    texts = [p["text"] for p in posts]
    with_comments = [[p["text"], *(c["text"] for c in p.get("comments", []))] for p in posts]
    with tempfile.TemporaryDirectory() as tmp:
        redactor = Redactor.from_settings(Settings(data_dir=Path(tmp)))
        redactor.redact_many(texts[:200])  # warm-up: caches, phonenumbers metadata
        start = time.perf_counter()
        results = redactor.redact_many(texts)
        text_s = time.perf_counter() - start
        start = time.perf_counter()
        for group in with_comments:
            redactor.redact_many(group)
        full_s = time.perf_counter() - start
    report = {
        "stage": "redaction",
        "posts": len(texts),
        "entities": sum(len(r.entities) for r in results),
        "seconds_text_only": round(text_s, 3),
        "posts_per_s_text_only": round(len(texts) / text_s, 1),
        "seconds_with_comments": round(full_s, 3),
        "posts_per_s_with_comments": round(len(texts) / full_s, 1),
        "target_posts_per_s": TARGET_POSTS_PER_S,
        "meets_target": len(texts) / full_s >= TARGET_POSTS_PER_S,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "pinning": pinning,
    }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
