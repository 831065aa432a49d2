"""Training end to end on a small corpus: a loadable, versioned model directory with its model card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers.calibration import LABELS
from classifiers.model import Assessment, Classifier, ModelNotFoundError, current_model_dir
from smugglewatch.settings import Settings


def test_when_trained_then_the_version_dir_has_model_tokenizer_config_and_card(tiny_model: Path) -> None:
    names = ("config.json", "model.safetensors", "tokenizer.json", "training_config.json", "README.md", "lexical.json")
    for name in (*names, "lexical.safetensors"):
        assert (tiny_model / name).is_file(), name
    card = json.loads((tiny_model / "model_card.json").read_text())
    assert card["version"] == tiny_model.name
    assert len(card["corpus"]["sha256"]) == 64
    assert card["seed"] == card["config"]["seed"]
    assert set(card["calibration"]["thresholds"]) == {"smuggling_offer", "document_fraud"}
    assert card["temperature"] > 0
    test = card["metrics"]["test"]
    assert set(test["labels"]) == set(LABELS)
    assert test["per_language"] and "hard_negatives" in test
    assert card["metrics"]["language_id"]["per_language"]
    assert "macro-F1" in (tiny_model / "README.md").read_text()
    # Greek, Russian and Persian training posts were also shown romanized; the split counts are the corpus's own.
    native = card["corpus"]["splits"]["train"]
    assert 0 < card["corpus"]["romanized_copies"] < native
    assert (
        f"train {native} + {card['corpus']['romanized_copies']} romanized copies"
        in (tiny_model / "README.md").read_text()
    )


def test_when_trained_then_current_points_at_the_new_version(tiny_model_root: Path, tiny_model: Path) -> None:
    settings = Settings(data_dir=tiny_model_root.parent, model_dir=tiny_model_root)
    assert current_model_dir(settings) == tiny_model


def test_when_loaded_then_classify_returns_one_assessment_per_text(tiny_model: Path, settings: Settings) -> None:
    clf = Classifier.load(tiny_model, settings)
    texts = ["Boat to Italy ⟨PHONE:k1:3f9a1c2b⟩ 2000€ per person", "Sunny day in Lyon", "x" * 5000]
    results = clf.classify(texts)
    assert len(results) == 3
    for a in results:
        assert isinstance(a, Assessment)
        assert a.label in LABELS and a.model_version == tiny_model.name
        assert set(a.scores) == set(LABELS) and abs(sum(a.scores.values()) - 1) < 1e-3
        assert a.score == a.scores[a.label]


def test_when_batched_or_one_by_one_then_scores_agree(tiny_model: Path, settings: Settings) -> None:
    clf = Classifier.load(tiny_model, settings, quantize=False)
    texts = ["Boat to Italy, price per person", "Real passport registered in the system, discreet", "Hi"]
    together = [a.scores for a in clf.classify(texts, explain=False)]
    alone = [clf.classify([t], explain=False)[0].scores for t in texts]
    for a, b in zip(together, alone, strict=True):
        assert all(abs(a[k] - b[k]) < 1e-3 for k in a)


def test_when_evidence_is_given_then_every_span_is_a_real_substring_of_the_redacted_text(
    tiny_model: Path, settings: Settings
) -> None:
    clf = Classifier.load(tiny_model, settings)
    clf.calibration.thresholds = {"smuggling_offer": 0.0, "document_fraud": 0.0}  # flag all: exercise evidence
    text = "Crossing to Italy by boat, 2500€ per person, pay after arrival. WhatsApp ⟨PHONE:k1:3f9a1c2b⟩"
    (a,) = clf.classify([text])
    assert a.label != "benign" and a.evidence
    kinds = {text[e["start"] : e["end"]]: e["kind"] for e in a.evidence}
    assert kinds["⟨PHONE:k1:3f9a1c2b⟩"] == "contact"
    assert kinds["2500€"] == "price"
    assert kinds["pay after arrival"] == "guarantee_payment"
    for e in a.evidence:
        span = text[e["start"] : e["end"]]
        assert span.strip() == span and span, e
        assert e["source"] in {"placeholder", "price", "glossary", "model"}


def test_when_no_model_was_trained_then_loading_says_how_to_train(settings: Settings) -> None:
    assert current_model_dir(settings) is None
    with pytest.raises(ModelNotFoundError, match="smugglewatch train"):
        Classifier.load(settings=settings)


def test_when_a_base_model_checkpoint_is_given_then_it_is_fine_tuned(
    tiny_model: Path, small_corpus: Path, tmp_path: Path, settings: Settings
) -> None:
    from transformers import AutoTokenizer, DistilBertConfig, DistilBertForMaskedLM

    from classifiers.train import TINY, TrainConfig, train

    base = tmp_path / "base"
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    config = DistilBertConfig(vocab_size=len(tokenizer), dim=32, hidden_dim=64, n_layers=1, n_heads=2, max_position_embeddings=64)  # fmt: skip
    DistilBertForMaskedLM(config).save_pretrained(base)
    tokenizer.save_pretrained(base)
    from fixtures.generator import load_corpus, write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(load_corpus(small_corpus)[:300], corpus, seed=0)
    out = train(
        TrainConfig(corpus_dir=str(corpus), base_model=str(base), progress=False, **TINY), settings, tmp_path / "m"
    )
    card = json.loads((out / "model_card.json").read_text())
    assert card["base_model"] == str(base)
    assert card["architecture"]["model_type"] == "distilbert"
    clf = Classifier.load(out, settings)
    assert clf.classify(["Boat to Italy"])[0].label in LABELS


def test_when_trained_twice_with_the_same_seed_then_the_weights_are_identical(
    small_corpus: Path, tmp_path: Path, settings: Settings
) -> None:
    from safetensors.torch import load_file

    from classifiers.train import train_tiny_model

    a = train_tiny_model(tmp_path / "a", small_corpus, settings, max_posts=300)
    b = train_tiny_model(tmp_path / "b", small_corpus, settings, max_posts=300)
    for name in ("model.safetensors", "lexical.safetensors"):
        wa, wb = load_file(a / name), load_file(b / name)
        assert wa.keys() == wb.keys()
        assert all(bool((wa[k] == wb[k]).all()) for k in wa), name
