"""Quality numbers: precision/recall/F1 per label and per language, confusion matrix, hard-negative FPR.

Plain Python over lists of records, so the same code scores the test split at training time, the ``evaluate``
command on any labelled file, and language identification.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from classifiers.calibration import BENIGN, LABELS


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": tp + fn}


def label_metrics(gold: list[str], pred: list[str], labels: tuple[str, ...] = LABELS) -> dict:
    """Per-label P/R/F1, macro-F1 over labels present in gold, accuracy and the confusion matrix."""
    per_label = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        per_label[lab] = _prf(tp, fp, fn)
    present = [lab for lab in labels if per_label[lab]["support"]]
    macro = sum(per_label[lab]["f1"] for lab in present) / len(present) if present else 0.0
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred, strict=True):
        if g in confusion and p in confusion[g]:
            confusion[g][p] += 1
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {
        "n": len(gold),
        "accuracy": round(accuracy, 4),
        "macro_f1": round(macro, 4),
        "labels": per_label,
        "confusion": confusion,
    }


def grouped_metrics(records: list[dict], key: str) -> dict[str, dict]:
    """``label_metrics`` for each value of ``records[i][key]`` (e.g. per language), without the matrix."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if r.get(key):
            groups[str(r[key])].append(r)
    out = {}
    for name, rows in sorted(groups.items()):
        m = label_metrics([r["label"] for r in rows], [r["pred"] for r in rows])
        m.pop("confusion")
        out[name] = m
    return out


def false_positive_rate(records: list[dict]) -> dict[str, float | int]:
    """Share of benign hard negatives (news, NGO warnings, lawyers ...) that were flagged."""
    hard = [r for r in records if r.get("hard_negative") and r["label"] == BENIGN]
    flagged = sum(r["pred"] != BENIGN for r in hard)
    return {"n": len(hard), "flagged": flagged, "fpr": round(flagged / len(hard), 4) if hard else 0.0}


def classification_report(records: list[dict]) -> dict:
    """Everything for records with ``label`` (gold), ``pred`` and optional ``lang``, ``script``, ``hard_negative``."""
    report = label_metrics([r["label"] for r in records], [r["pred"] for r in records])
    report["per_language"] = grouped_metrics(records, "lang")
    scripts = [r for r in records if r.get("script")]
    if scripts:
        report["per_script"] = grouped_metrics(scripts, "script")
    if any("hard_negative" in r for r in records):
        report["hard_negatives"] = false_positive_rate(records)
    return report


def language_id_report(records: list[dict]) -> dict:
    """Accuracy of language identification per true language, split native script vs transliterated (latn)."""
    out: dict[str, dict] = {}
    for name, rows in _by(records, lambda r: r["lang"]).items():
        out[name] = _lang_acc(rows)
        translit = [r for r in rows if r.get("script") == "latn"]
        if translit:
            out[name]["transliterated"] = _lang_acc(translit)
    overall = _lang_acc(records)
    latn = [r for r in records if r.get("script") == "latn"]
    return {"overall": overall, "transliterated": _lang_acc(latn) if latn else None, "per_language": out}


def _by(records: list[dict], key) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        groups[key(r)].append(r)
    return dict(sorted(groups.items()))


def _lang_acc(rows: list[dict]) -> dict:
    correct = sum(r["detected"] == r["lang"] for r in rows)
    confused = Counter(r["detected"] for r in rows if r["detected"] != r["lang"]).most_common(3)
    return {"n": len(rows), "accuracy": round(correct / len(rows), 4) if rows else 0.0, "confused_with": confused}
