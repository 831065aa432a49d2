"""Builders for run directories in the run-file contract (fictional identifiers only)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from warehouse.runfiles import write_classified, write_redacted

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

SMUGGLING_TEXT = "Trip from Libya to Lampedusa by boat, 2500 EUR per person. Call {contact}"
FRAUD_TEXT = "Genuine passport and Schengen visa, 1,700 € ready in 10 days. Write {contact}"
BENIGN_TEXT = "Best falafel in Berlin, open until 22:00."


def token(kind: str, n: int) -> str:
    """A pseudonym placeholder like the redactor writes."""
    return f"⟨{kind}:k1:{n:08x}⟩"


def post(
    platform: str,
    native_id: int | str,
    text: str,
    *,
    source: str = "chan",
    lang: str = "en",
    crawled_at: datetime = T0,
    published_at: datetime | None = None,
    comments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One redacted-stage row; the content hash stands in for sha256 of the original text."""
    url_paths = {
        "telegram": f"https://t.example.org/{source}/{native_id}",
        "group": f"https://groups.example.org/{source}/permalink/{native_id}/",
        "classifieds": f"https://ads.example.org/ad/{native_id}",
        "mastodon": f"https://social.example.org/@{source}/{native_id}",
    }
    original = "original:" + text
    return {
        "post_key": f"{platform}:{source}:{native_id}",
        "platform": platform,
        "source": source,
        "native_id": str(native_id),
        "url": url_paths[platform],
        "author_token": token("PERSON", 0xA0),
        "text_redacted": text,
        "entities": [],
        "comments": comments if comments is not None else [{"by_poster": False, "text_redacted": "how much?"}],
        "lang": lang,
        "lang_prob": 0.98,
        "published_at": published_at or crawled_at - timedelta(hours=3),
        "edited_at": None,
        "crawled_at": crawled_at,
        "content_hash": hashlib.sha256(original.encode()).hexdigest(),
        "vault_nonce": b"n" * 12,
        "vault_ciphertext": b"sealed:" + original.encode(),
        "vault_key_id": "v1",
        "vault_sha256": hashlib.sha256(original.encode()).hexdigest(),
    }


def assessment(row: dict[str, Any], label: str, score: float = 0.95, uncertain: bool = False) -> dict[str, Any]:
    """A classified-stage row for ``row``'s current text."""
    return {
        "post_key": row["post_key"],
        "content_hash": row["content_hash"],
        "model_version": "m-test-1",
        "label": label,
        "score": score,
        "scores": {label: score},
        "evidence": [
            {"start": 0, "end": 4, "kind": "route" if label == "smuggling_offer" else "document"},
            {"start": 5, "end": 9, "kind": "price"},
        ],
        "uncertain": uncertain,
    }


def write_run(run_dir: Path, rows: list[dict[str, Any]], labels: list[str] | None = None) -> Path:
    """Write both stages of a run; labels default to the text's obvious category."""
    labels = labels or [_label_of(r["text_redacted"]) for r in rows]
    write_redacted(run_dir, "part-0", rows)
    write_classified(run_dir, "part-0", [assessment(r, lab) for r, lab in zip(rows, labels, strict=True)])
    return run_dir


def _label_of(text: str) -> str:
    if "Trip" in text:
        return "smuggling_offer"
    return "document_fraud" if "passport" in text else "benign"


def sample_rows(n: int = 6, crawled_at: datetime = T0) -> list[dict[str, Any]]:
    """A mixed run: smuggling offers and document fraud on several platforms, plus benign posts."""
    platforms = ["telegram", "group", "classifieds", "mastodon"]
    rows = []
    for i in range(n):
        platform = platforms[i % 4]
        if i % 3 == 2:
            text = BENIGN_TEXT
        elif i % 3 == 0:
            text = SMUGGLING_TEXT.format(contact=token("PHONE", 100 + i))
        else:
            text = FRAUD_TEXT.format(contact=token("HANDLE", 200 + i))
        rows.append(post(platform, 1000 + i, text, crawled_at=crawled_at, lang="en" if i % 2 == 0 else "fr"))
    return rows
