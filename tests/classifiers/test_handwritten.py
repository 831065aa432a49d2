"""The hand-written evaluation set (``tests/classifiers/data/handwritten.jsonl``): well formed and fictional.

The set is written by people, not by the generator, so it measures what the corpus test split cannot: phrasings no
phrase family contains. Its scores are in the README; this test keeps the file usable by ``smugglewatch evaluate``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from classifiers.calibration import LABELS
from fixtures.bank import load_banks
from tests.fictional import identifiers

HANDWRITTEN = Path(__file__).resolve().parent / "data" / "handwritten.jsonl"


def _rows() -> list[dict]:
    return [json.loads(line) for line in HANDWRITTEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_post_has_an_id_language_label_and_text() -> None:
    rows = _rows()
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["label"] in LABELS and r["text"].strip() and r["lang"] in load_banks(), r["id"]
        assert not r.get("hard_negative") or r["label"] == "benign", r["id"]


def test_every_language_has_every_label_and_hard_negatives() -> None:
    rows = _rows()
    per = Counter((r["lang"], r["label"]) for r in rows)
    for lang in load_banks():
        assert all(per[(lang, label)] >= 8 for label in LABELS), lang
        assert sum(1 for r in rows if r["lang"] == lang and r.get("hard_negative")) >= 5, lang


def test_only_fictional_identifiers() -> None:
    found = 0
    for r in _rows():
        n, bad = identifiers(r["text"])
        found += n
        assert not bad, f"non-fictional identifiers in {r['id']}: {bad}"
    assert found > 20
