"""Scoring a classifier on labelled posts: the same code for the model card and ``smugglewatch evaluate``."""

from __future__ import annotations

from typing import Any

from classifiers.language import detect_language
from classifiers.metrics import classification_report, language_id_report


def evaluate_records(classifier: Any, records: list[dict]) -> dict:
    """Classify ``records`` (``text_redacted``, ``label``; optional ``lang``, ``script``, ``hard_negative``).

    Returns the classification report; when records carry a true ``lang``, also the language-ID accuracy (on the
    redacted text, which is what the pipeline detects on after cleaning placeholders away).
    """
    preds = classifier.classify([r["text_redacted"] for r in records], explain=False)
    scored = [{**r, "pred": a.label, "uncertain": a.uncertain} for r, a in zip(records, preds, strict=True)]
    report = classification_report(scored)
    report["uncertain"] = sum(r["uncertain"] for r in scored)
    with_lang = [r for r in records if r.get("lang")]
    if with_lang:
        detected = [{**r, "detected": detect_language(r["text_redacted"]).lang} for r in with_lang]
        report["language_id"] = language_id_report(detected)
    return report
