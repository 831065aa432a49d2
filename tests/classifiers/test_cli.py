"""``smugglewatch classify`` and ``evaluate`` through the real CLI, with the tiny model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from classifiers.calibration import LABELS
from smugglewatch.cli import main
from smugglewatch.settings import Settings

POSTS = [
    {"id": "a1", "text": "Crossing to Italy by boat, 2500€ per person. WhatsApp +44 7700 900123"},
    {"id": "a2", "text": "Real passport registered in the system, write to zokaru@example.com"},
    {"id": "a3", "text": "Sunny day in Lyon today, 21 degrees 😊"},
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_when_classifying_then_each_line_has_the_contract_fields_and_no_raw_phone(
    tiny_model: Path, tmp_path: Path, settings: Settings
) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(p) for p in POSTS])
    out = tmp_path / "out.jsonl"
    result = _run("classify", "--input", str(src), "--output", str(out), "--model", str(tiny_model))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2", "a3"]
    for row in rows:
        assert {"id", "lang", "label", "score", "scores", "evidence", "model_version", "text_redacted"} <= set(row)
        assert row["label"] in LABELS and set(row["scores"]) == set(LABELS)
        assert row["model_version"] == tiny_model.name
        for e in row["evidence"]:
            assert 0 <= e["start"] < e["end"] <= len(row["text_redacted"])
    assert "7700" not in out.read_text() and "zokaru@example.com" not in out.read_text()
    assert rows[0]["lang"] == "en"


def test_when_there_is_no_model_then_classify_says_to_train_one(tmp_path: Path, settings: Settings) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(POSTS[0])])
    result = _run("classify", "--input", str(src), "--output", str(tmp_path / "o.jsonl"))
    assert result.exit_code != 0
    assert "smugglewatch train" in result.output


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": "x"}', "missing field(s): text"),
        ('{"id": "x", "text": "   "}', "empty text"),
        ('["a list"]', "expected a JSON object"),
    ],
)
def test_when_a_line_is_bad_then_stop_names_the_line_and_skip_goes_on(
    tiny_model: Path, tmp_path: Path, settings: Settings, bad: str, reason: str
) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(POSTS[0]), bad, json.dumps(POSTS[2])])
    out = tmp_path / "out.jsonl"
    stopped = _run("classify", "--input", str(src), "--output", str(out), "--model", str(tiny_model))
    assert stopped.exit_code != 0
    assert f"line 2: {reason}" in stopped.output
    assert not out.exists()
    skipped = _run(
        "classify", "--input", str(src), "--output", str(out), "--model", str(tiny_model), "--on-error", "skip"
    )
    assert skipped.exit_code == 0, skipped.output
    assert f"line 2: {reason}" in skipped.output
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["a1", "a3"]


def test_when_a_text_is_huge_then_it_is_truncated_and_marked(
    tiny_model: Path, tmp_path: Path, settings: Settings
) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps({"id": "big", "text": "boat to Italy " * 20_000})])
    out = tmp_path / "out.jsonl"
    result = _run("classify", "--input", str(src), "--output", str(out), "--model", str(tiny_model))
    assert result.exit_code == 0, result.output
    assert "truncated" in result.output
    (row,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert row["truncated"] is True and len(row["text_redacted"]) <= 100_000


def test_when_evaluating_a_corpus_then_metrics_per_label_and_language_are_printed_and_written(
    tiny_model: Path, small_corpus: Path, tmp_path: Path, settings: Settings
) -> None:
    lines = (small_corpus / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[:150]
    src = _write(tmp_path / "labelled.jsonl", lines)
    out = tmp_path / "metrics.json"
    result = _run("evaluate", "--input", str(src), "--out", str(out), "--model", str(tiny_model))
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output and "confusion" in result.output
    metrics = json.loads(out.read_text())
    assert metrics["n"] == 150
    assert set(metrics["labels"]) == set(LABELS)
    assert sum(sum(row.values()) for row in metrics["confusion"].values()) == 150
    assert metrics["per_language"] and metrics["language_id"]["per_language"]
    assert "hard_negatives" in metrics


def test_when_evaluate_gets_an_unknown_label_then_it_says_which(
    tiny_model: Path, tmp_path: Path, settings: Settings
) -> None:
    src = _write(tmp_path / "l.jsonl", [json.dumps({"id": "1", "text": "boat", "label": "spam"})])
    result = _run("evaluate", "--input", str(src), "--model", str(tiny_model))
    assert result.exit_code != 0
    assert "unknown label(s) spam" in result.output


def test_when_train_is_run_without_posts_then_it_uses_the_training_default() -> None:
    from classifiers.cli import DEFAULT_POSTS
    from classifiers.train import TrainConfig

    assert TrainConfig().posts == DEFAULT_POSTS


def test_when_cuda_is_asked_for_without_a_gpu_then_classify_says_so(
    tiny_model: Path, tmp_path: Path, settings: Settings
) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present here")
    src = _write(tmp_path / "in.jsonl", [json.dumps(POSTS[0])])
    result = _run("classify", "--input", str(src), "--output", str(tmp_path / "o.jsonl"), "--model", str(tiny_model), "--device", "cuda")  # fmt: skip
    assert result.exit_code != 0
    assert "no CUDA GPU" in result.output
