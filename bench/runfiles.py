"""Run files built straight from a corpus, so the warehouse-load benchmark measures the load alone."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from fixtures.generator import load_corpus
from smugglewatch.settings import Settings
from warehouse.runfiles import write_classified, write_redacted

_DIGITS = re.compile(r"\d")


def write_run_from_corpus(corpus: Path, run_dir: Path, settings: Settings) -> Path:
    """One redacted and one classified Parquet file for every corpus post (digits masked, fixed assessments)."""
    now = datetime.now(UTC)
    posts, assessments = [], []
    for p in load_corpus(corpus):
        key = f"{p['platform']}:{p['source']}:{p['native_id']}"
        digest = hashlib.sha256(p["text"].encode()).hexdigest()
        posts.append(
            {
                "post_key": key,
                "platform": p["platform"],
                "source": p["source"],
                "native_id": p["native_id"],
                "url": f"https://example.org/{key}",
                "text_redacted": _DIGITS.sub("#", p["text"]),
                "lang": p["lang"],
                "lang_prob": 0.99,
                "published_at": p["published_at"],
                "crawled_at": now,
                "content_hash": digest,
            }
        )
        flagged = p["label"] != "benign"
        assessments.append(
            {
                "post_key": key,
                "content_hash": digest,
                "model_version": "bench",
                "label": p["label"],
                "score": 0.97 if flagged else 0.9,
                "scores": {p["label"]: 0.97},
                "evidence": [],
                "uncertain": False,
            }
        )
    write_redacted(run_dir, "bench", posts)
    write_classified(run_dir, "bench", assessments)
    return run_dir
