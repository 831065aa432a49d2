"""``smugglewatch train``, ``classify`` and ``evaluate``."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from smugglewatch.cli_support import fail, writable_dir

DEVICE = click.Choice(["cpu", "cuda", "auto"])
DEFAULT_POSTS = 24000  # = TrainConfig.posts (kept here so --help does not import torch)
CHUNK = 512  # input lines classified per pass (bounds memory on large files)


@click.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path, file_okay=False), help="Train on this corpus directory (corpus.jsonl) instead of generating one.")  # fmt: skip
@click.option("--posts", type=click.IntRange(min=30), default=DEFAULT_POSTS, show_default=True, help="Posts to generate when --corpus is not given.")  # fmt: skip
@click.option("--corpus-seed", type=int, default=None, help="Seed of the generated corpus (default: settings corpus_seed).")  # fmt: skip
@click.option("--seed", type=int, default=13, show_default=True, help="Training seed (initialisation, batch order, augmentation).")  # fmt: skip
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="Training epochs (default: 8; 4 with --tiny).")  # fmt: skip
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None, help="Model root; the model goes to OUT/<version>/ and OUT/current points at it (default: settings model_dir).")  # fmt: skip
@click.option("--base-model", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None, help="Fine-tune this local Hugging Face checkpoint (model + tokenizer) instead of training a compact encoder from scratch.")  # fmt: skip
@click.option("--tiny", is_flag=True, help="A seconds-fast tiny model (smoke tests only; low quality).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def train(
    corpus_dir: Path | None,
    posts: int,
    corpus_seed: int | None,
    seed: int,
    epochs: int | None,
    out_dir: Path | None,
    base_model: Path | None,
    tiny: bool,
    quiet: bool,
) -> None:
    """Train, calibrate and evaluate the classifier; write a versioned model directory with a model card."""
    from classifiers.train import TINY, TrainConfig
    from classifiers.train import train as run_training
    from smugglewatch.settings import get_settings

    settings = get_settings()
    if corpus_dir and not (corpus_dir / "corpus.jsonl").is_file():
        fail(
            f"--corpus {corpus_dir}: no corpus.jsonl there",
            "generate one with: smugglewatch fixtures generate --out DIR",
        )
    overrides: dict[str, Any] = dict(TINY) if tiny else {}
    if epochs:
        overrides["epochs"] = epochs
    if corpus_seed is not None:
        overrides["corpus_seed"] = corpus_seed
    config = TrainConfig.from_settings(
        settings,
        posts=posts,
        corpus_dir=str(corpus_dir) if corpus_dir else None,
        seed=seed,
        base_model=str(base_model) if base_model else None,
        progress=not quiet,
        **overrides,
    )
    model_root = writable_dir(out_dir or Path(settings.model_dir), "--out")
    try:
        version_dir = run_training(config, settings, model_root=model_root)
    except (ValueError, OSError) as exc:
        fail(f"training failed: {exc}")
    card = json.loads((version_dir / "model_card.json").read_text())
    _echo_summary(card["metrics"]["test"], card["metrics"].get("language_id"))
    click.echo(f"model written to {version_dir} ({model_root / 'current'} points at it)")


def _load_classifier(model: Path | None, device: str | None) -> Any:
    from classifiers.model import Classifier, ModelNotFoundError
    from smugglewatch.settings import get_settings

    try:
        return Classifier.load(model, get_settings(), device=device)
    except ModelNotFoundError as exc:
        fail(str(exc), "smugglewatch train  (or pass --model DIR)")
    except RuntimeError as exc:
        fail(str(exc))


def _check_input(path: Path) -> None:
    if not path.is_file():
        fail(f"--input {path}: no such file")


@click.command()
@click.option("--input", "input_path", type=click.Path(path_type=Path, dir_okay=False), required=True, help='JSON Lines, one {"id", "text"} per line (raw post text; redaction happens here).')  # fmt: skip
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False), required=True, help="JSON Lines with one assessment per usable input line (written atomically).")  # fmt: skip
@click.option("--on-error", type=click.Choice(["skip", "stop"]), default="stop", show_default=True, help="What to do with a bad line (invalid JSON, missing id/text, empty text): skip it with a warning, or stop.")  # fmt: skip
@click.option("--device", type=DEVICE, default=None, help="cpu, cuda or auto (default: settings classifier.device).")  # fmt: skip
@click.option("--model", type=click.Path(path_type=Path, file_okay=False), default=None, help="Model version directory (default: <model_dir>/current).")  # fmt: skip
def classify(input_path: Path, output_path: Path, on_error: str, device: str | None, model: Path | None) -> None:
    """Classify raw posts: redact, detect language, assess, and attach evidence spans into text_redacted.

    Texts longer than 100,000 characters are cut there ("truncated": true); the model reads the first
    classifier.max_length tokens of each post, evidence from the glossary covers the whole (cut) text.
    """
    from classifiers.jsonl import BadLineError, read_posts

    _check_input(input_path)
    classifier = _load_classifier(model, device)
    errors: list[BadLineError] = []
    written = 0
    output_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output_path.parent, prefix=f".{output_path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            chunk: list = []
            for post in read_posts(input_path, ("id", "text"), errors, stop=on_error == "stop"):
                chunk.append(post)
                if len(chunk) >= CHUNK:
                    written += _classify_chunk(classifier, chunk, out)
                    chunk = []
            written += _classify_chunk(classifier, chunk, out)
        os.replace(tmp, output_path)
    except BadLineError as exc:
        Path(tmp).unlink(missing_ok=True)
        fail(f"{input_path}: {exc}", "fix the line, or pass --on-error skip to skip bad lines")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for exc in errors:
        click.echo(f"skipped {input_path}: {exc}", err=True)
    click.echo(
        f"classified {written} posts -> {output_path}" + (f" ({len(errors)} bad lines skipped)" if errors else "")
    )


def _classify_chunk(classifier: Any, chunk: list, out: Any) -> int:
    from classifiers.inputs import prepare
    from classifiers.language import detect_language
    from smugglewatch.settings import get_settings

    if not chunk:
        return 0
    redacted = prepare([p.text for p in chunk], get_settings())
    for post, text, a in zip(chunk, redacted, classifier.classify(redacted), strict=True):
        if post.truncated:
            click.echo(f"line {post.lineno}: text longer than 100,000 characters, truncated", err=True)
        row = {
            "id": post.record["id"],
            "lang": detect_language(text).lang,
            "label": a.label,
            "score": a.score,
            "scores": a.scores,
            "uncertain": a.uncertain,
            "evidence": a.evidence,
            "model_version": a.model_version,
            "text_redacted": text,
            "truncated": post.truncated,
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(chunk)


@click.command()
@click.option("--input", "input_path", type=click.Path(path_type=Path, dir_okay=False), required=True, help='JSON Lines with "id", "text", "label" and optionally "lang", "script", "hard_negative", "split" (a corpus.jsonl works as is).')  # fmt: skip
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Write the metrics here as JSON.")  # fmt: skip
@click.option("--split", type=click.Choice(["train", "val", "test", "all"]), default="all", show_default=True, help="Only lines whose 'split' field has this value (corpus files).")  # fmt: skip
@click.option("--on-error", type=click.Choice(["skip", "stop"]), default="stop", show_default=True, help="Skip or stop at bad lines.")  # fmt: skip
@click.option("--device", type=DEVICE, default=None, help="cpu, cuda or auto.")
@click.option("--model", type=click.Path(path_type=Path, file_okay=False), default=None, help="Model version directory (default: <model_dir>/current).")  # fmt: skip
def evaluate(
    input_path: Path, out_path: Path | None, split: str, on_error: str, device: str | None, model: Path | None
) -> None:
    """Precision, recall and F1 per label and per language, the confusion matrix, and language-ID accuracy."""
    from classifiers.calibration import LABELS
    from classifiers.evaluation import evaluate_records
    from classifiers.inputs import prepare
    from classifiers.jsonl import BadLineError, read_posts
    from smugglewatch.settings import get_settings

    _check_input(input_path)
    classifier = _load_classifier(model, device)
    errors: list[BadLineError] = []
    try:
        posts = [
            p
            for p in read_posts(input_path, ("id", "text", "label"), errors, stop=on_error == "stop")
            if split == "all" or p.record.get("split") == split
        ]
    except BadLineError as exc:
        fail(f"{input_path}: {exc}", "fix the line, or pass --on-error skip")
    for exc in errors:
        click.echo(f"skipped {input_path}: {exc}", err=True)
    unknown = sorted({str(p.record["label"]) for p in posts} - set(LABELS))
    if unknown:
        fail(f"{input_path}: unknown label(s) {', '.join(unknown)}; use {', '.join(LABELS)}")
    if not posts:
        fail(f"{input_path}: no labelled posts to evaluate" + (f" in split {split!r}" if split != "all" else ""))
    redacted = prepare([p.text for p in posts], get_settings())
    records = [
        {
            "text_redacted": text,
            "label": p.record["label"],
            "lang": p.record.get("lang"),
            "script": p.record.get("script"),
            **({"hard_negative": bool(p.record["hard_negative"])} if "hard_negative" in p.record else {}),
        }
        for p, text in zip(posts, redacted, strict=True)
    ]
    report = {"input": str(input_path), "model_version": classifier.model_version}
    report |= evaluate_records(classifier, records)
    _echo_summary(report, report.get("language_id"))
    if out_path:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        click.echo(f"metrics written to {out_path}")


def _echo_summary(report: dict, language_id: dict | None) -> None:
    """Print the numbers an analyst looks at first."""
    from classifiers.calibration import LABELS

    click.echo(f"posts {report['n']}  accuracy {report['accuracy']:.3f}  macro-F1 {report['macro_f1']:.3f}")
    if "hard_negatives" in report:
        hn = report["hard_negatives"]
        click.echo(f"hard negatives flagged: {hn['flagged']}/{hn['n']} (FPR {hn['fpr']:.3f})")
    click.echo(f"{'label':18}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
    for lab, m in report["labels"].items():
        click.echo(f"{lab:18}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>9}")
    click.echo("confusion (rows gold, columns predicted): " + ", ".join(LABELS))
    for gold in LABELS:
        click.echo(f"  {gold:18}" + "".join(f"{report['confusion'][gold][p]:>8}" for p in LABELS))
    lid = (language_id or {}).get("per_language", {})
    click.echo(f"{'language':10}{'posts':>7}{'macro-F1':>10}{'accuracy':>10}{'lang-ID':>9}{'lang-ID latn':>14}")
    for lang, m in report.get("per_language", {}).items():
        li = lid.get(lang, {})
        translit = li.get("transliterated")
        latn = f"{translit['accuracy']:.3f} ({translit['n']})" if translit else "-"
        lang_acc = f"{li['accuracy']:.3f}" if li else "-"
        click.echo(f"{lang:10}{m['n']:>7}{m['macro_f1']:>10.3f}{m['accuracy']:>10.3f}{lang_acc:>9}{latn:>14}")
    if report.get("per_script"):
        for script, m in report["per_script"].items():
            click.echo(f"script {script:6} posts {m['n']:>6}  macro-F1 {m['macro_f1']:.3f}")
