"""The model card: what a model is, what it was trained on, and how good it measured, as JSON and as Markdown."""

from __future__ import annotations

import json
from pathlib import Path


def write_card(model_dir: Path, card: dict) -> None:
    """Write ``model_card.json`` (read by :class:`classifiers.model.Classifier`) and a human ``README.md``."""
    (model_dir / "model_card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False, sort_keys=True))
    (model_dir / "README.md").write_text(render_markdown(card))


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def per_language_table(test: dict, language_id: dict | None) -> list[str]:
    """Markdown rows: language, posts, macro-F1, accuracy, language-ID accuracy (native / transliterated)."""
    rows = [
        "| language | test posts | macro-F1 | accuracy | language ID | language ID (transliterated) |",
        "|---|---|---|---|---|---|",
    ]
    lid = (language_id or {}).get("per_language", {})
    for lang, m in sorted(test.get("per_language", {}).items()):
        lang_id = lid.get(lang, {})
        translit = lang_id.get("transliterated")
        rows.append(
            f"| {lang} | {m['n']} | {m['macro_f1']:.3f} | {_pct(m['accuracy'])} | {_pct(lang_id.get('accuracy'))} "
            f"| {_pct(translit['accuracy']) + ' of ' + str(translit['n']) if translit else '-'} |"
        )
    return rows


def _ensemble_lines(card: dict) -> list[str]:
    """How the transformer and the lexical model are combined, and how each scores alone on the test split."""
    ens = card.get("ensemble")
    if not ens:
        return ["## Ensemble", "- transformer alone (no lexical model in this directory)", ""]
    alone = card["metrics"].get("test_macro_f1_by_component") or {}
    return [
        "## Ensemble",
        f"- weighted average of log-probabilities: transformer {ens['encoder_weight']:.1f}, lexical model "
        f"{1 - ens['encoder_weight']:.1f} (weight chosen on validation; temperatures {ens['encoder_temperature']} and "
        f"{ens['lexical_temperature']})",
        f"- test macro-F1 alone: transformer {alone.get('encoder')}, lexical model {alone.get('lexical')}",
        f"- lexical model: `{json.dumps(card['lexical']['config'], sort_keys=True)}`",
        "",
    ]


def render_markdown(card: dict) -> str:
    """A readable card; every number comes from ``card`` (nothing is re-measured here)."""
    test = card["metrics"]["test"]
    cal = card["calibration"]
    lines = [
        f"# smugglewatch classifier {card['version']}",
        "",
        "Flags migrant-smuggling offers and document-fraud adverts in redacted posts (placeholders normalised to "
        "their type). Labels: " + ", ".join(card["labels"]) + ".",
        "",
        "## Training",
        f"- base: {card['base_model'] or 'trained from scratch (config below)'}",
        f"- corpus: {card['corpus']['posts']} posts, sha256 `{card['corpus']['sha256']}`, split by phrase family "
        f"(train {card['corpus']['splits'].get('train', 0)} + {card['corpus'].get('romanized_copies', 0)} romanized "
        f"copies, val {card['corpus']['splits'].get('val', 0)}, "
        f"test {card['corpus']['splits'].get('test', 0)})",
        f"- seed {card['config']['seed']}, {card['config']['epochs']} epochs, {card['training']['seconds']:.0f}s on "
        f"{card['training']['threads']} CPU threads; redaction: {card['redactor']}",
        f"- architecture: `{json.dumps(card['architecture'], sort_keys=True)}`",
        f"- validation macro-F1 per epoch: {card['training'].get('val_macro_f1')}; weights kept from epoch "
        f"{card['training'].get('best_epoch')}",
        "",
        "## Quality on the test split (phrase families never seen in training)",
        f"- macro-F1 **{test['macro_f1']:.3f}**, accuracy {_pct(test['accuracy'])}, {test['n']} posts",
        f"- hard negatives flagged (FPR): **{_pct(test.get('hard_negatives', {}).get('fpr'))}** of "
        f"{test.get('hard_negatives', {}).get('n', 0)}",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {lab} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
        for lab, m in test["labels"].items()
    ]
    lines += ["", "### Per language", "", *per_language_table(test, card["metrics"].get("language_id")), ""]
    lines += [
        *_ensemble_lines(card),
        "## Calibration",
        f"- temperature {cal['temperature']} (fitted on validation)",
        f"- thresholds for precision >= {cal['target_precision']}: "
        + ", ".join(f"{k} {v:.2f}" for k, v in cal["thresholds"].items())
        + (
            f", raised until at most {cal['max_hard_negative_fpr']:.0%} of validation hard negatives are flagged"
            if cal.get("max_hard_negative_fpr") is not None
            else ""
        ),
        f"- uncertain band: within {cal['uncertain_margin']} of a threshold",
        "",
        "## Quantization",
        f"- int8 dynamic: macro-F1 {card['quantization']['int8_macro_f1']:.3f} vs fp32 "
        f"{card['quantization']['fp32_macro_f1']:.3f}; throughput at training time int8 "
        f"{card['quantization'].get('int8_posts_per_s')} vs fp32 {card['quantization'].get('fp32_posts_per_s')} "
        f"posts/s (no evidence); int8 used at inference: {card['quantization'].get('use_int8')}",
        "",
        "## Limits",
        f"- Trained on synthetic posts; long posts are truncated to the first {card['config']['max_length']} tokens.",
        "",
    ]
    return "\n".join(lines)
