"""Quality on the hand-labelled set (tests/redaction/data/labelled.jsonl, 12 languages, with distractors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redaction.redactor import find

DATA = Path(__file__).with_name("data") / "labelled.jsonl"
CHECKSUM_TYPES = {"IBAN", "CARD", "CRYPTO", "MRZ", "NATIONAL_ID"}
LANGS = {"en", "ar", "fr", "es", "it", "de", "tr", "fa", "ru", "ur", "sq", "el"}


def _rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def measure(rows: list[dict]) -> dict[str, float]:
    """Recall (a labelled span counts when a finding of the same type overlaps it) and distractor damage."""
    hits = total = checksum_hits = checksum_total = altered = distractors = 0
    for row in rows:
        found = find(row["text"])
        if row["distractor"]:
            distractors += 1
            altered += bool(found)
            continue
        for e in row["entities"]:
            ok = any(f.type == e["type"] and f.start < e["end"] and e["start"] < f.end for f in found)
            hits, total = hits + ok, total + 1
            if e["type"] in CHECKSUM_TYPES:
                checksum_hits, checksum_total = checksum_hits + ok, checksum_total + 1
    return {
        "recall": hits / total,
        "checksum_recall": checksum_hits / checksum_total,
        "distractors_altered": altered / distractors,
        "entities": total,
        "distractor_texts": distractors,
    }


def test_the_labelled_set_covers_all_12_languages_with_distractors() -> None:
    rows = _rows()
    assert {r["lang"] for r in rows} == LANGS
    assert {r["lang"] for r in rows if r["distractor"]} == LANGS


def test_labels_point_at_real_spans() -> None:
    for row in _rows():
        for e in row["entities"]:
            assert 0 <= e["start"] < e["end"] <= len(row["text"]), row["id"]


@pytest.fixture(scope="module")
def metrics() -> dict[str, float]:
    return measure(_rows())


def test_recall_on_checksum_validated_types_is_at_least_98_percent(metrics: dict[str, float]) -> None:
    assert metrics["checksum_recall"] >= 0.98


def test_recall_overall_is_at_least_95_percent(metrics: dict[str, float]) -> None:
    assert metrics["recall"] >= 0.95


def test_at_most_2_percent_of_distractor_texts_are_altered(metrics: dict[str, float]) -> None:
    assert metrics["distractors_altered"] <= 0.02
