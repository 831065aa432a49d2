"""The lexical model (hashed n-grams + glossary concepts) and the ensemble that combines it with the transformer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from classifiers.calibration import LABELS
from classifiers.ensemble import Ensemble, fit_ensemble
from classifiers.features import model_text
from classifiers.lexical import CONFIG_FILE, LexicalConfig, LexicalModel, feature_names, features, train_lexical
from classifiers.model import Classifier
from smugglewatch.settings import Settings

SMALL = LexicalConfig(buckets=1 << 12, dim=8, epochs=15, feature_dropout=0.0, learning_rate=0.05)


def test_when_a_term_is_in_the_glossary_then_every_language_shares_its_concept_feature() -> None:
    english = feature_names("New passport, registered in the system", SMALL)
    spanish = feature_names("Pasaporte nuevo, registrado en el sistema", SMALL)
    shared = {f for f in english if f.startswith(("g:", "k:"))} & set(spanish)
    assert {"g:passport", "k:document_type", "g:registered in the system"} <= shared


def test_when_diacritics_are_dropped_then_the_features_are_the_same() -> None:
    assert features("Διαβατήριο έτοιμο, pasaportë", SMALL) == features("διαβατηριο ετοιμο, PASAPORTE", SMALL)
    kept = LexicalConfig(buckets=SMALL.buckets, fold_diacritics=False)
    assert features("pasaportë", kept) != features("pasaporte", kept)


def test_when_a_placeholder_is_in_the_text_then_only_its_type_is_a_feature() -> None:
    names = feature_names("write ⟨PHONE:k1:3f9a1c2b⟩ now", SMALL)
    assert "w:⟨PHONE⟩" in names
    assert not any("3f9a1c2b" in n or "k1" in n for n in names)


def test_when_features_are_hashed_then_they_are_stable_and_never_empty() -> None:
    text = "Boat to Lampedusa 🚤 2000€"
    assert features(text, SMALL) == features(text, SMALL)
    assert all(0 <= i < SMALL.buckets for i in features(text, SMALL))
    assert len(features("", SMALL)) == 1
    assert len(features("🎉🎉", SMALL)) == 1


def _toy() -> tuple[list[str], list[int]]:
    smuggling = ["boat to italy tonight", "crossing by boat, pay on arrival", "lorry to uk, driver is ours"]
    fraud = ["passport for sale, registered in the system", "fake residence permit", "visa without interview"]
    benign = ["sunny day at the beach", "selling my bike, good condition", "football tonight at eight"]
    texts = smuggling + fraud + benign
    return texts, [0] * 3 + [1] * 3 + [2] * 3


def test_when_trained_on_separable_posts_then_it_fits_them_and_keeps_the_best_epoch() -> None:
    texts, labels = _toy()
    seen: list[float] = []

    def validate(model: LexicalModel) -> float:
        score = float((model.logits(texts).argmax(axis=1) == np.array(labels)).mean())
        seen.append(score)
        return score

    model, history = train_lexical(texts, labels, [1.0] * len(texts), SMALL, seed=1, validate=validate)
    assert validate(model) == 1.0
    assert history["val"][history["best_epoch"] - 1] == max(history["val"])
    assert len(history["loss"]) == SMALL.epochs and history["loss"][-1] < history["loss"][0]


def test_when_saved_and_loaded_then_logits_are_identical(tmp_path: Path) -> None:
    texts, labels = _toy()
    model, _ = train_lexical(texts, labels, [1.0] * len(texts), SMALL, seed=1)
    model.save(tmp_path)
    loaded = LexicalModel.load(tmp_path)
    assert loaded is not None
    np.testing.assert_array_equal(model.logits(texts), loaded.logits(texts))


def test_when_a_directory_has_no_lexical_model_then_load_returns_none(tmp_path: Path) -> None:
    assert LexicalModel.load(tmp_path) is None


def test_when_the_features_version_differs_then_loading_says_to_retrain(tmp_path: Path) -> None:
    texts, labels = _toy()
    model, _ = train_lexical(texts, labels, [1.0] * len(texts), SMALL, seed=1)
    model.save(tmp_path)
    config = json.loads((tmp_path / CONFIG_FILE).read_text())
    without_folding = {k: v for k, v in config.items() if k != "fold_diacritics"}  # saved before folding existed
    (tmp_path / CONFIG_FILE).write_text(json.dumps(without_folding))
    loaded = LexicalModel.load(tmp_path)
    assert loaded is not None and loaded.config.fold_diacritics is False
    (tmp_path / CONFIG_FILE).write_text(json.dumps({**config, "features_version": 999}))
    with pytest.raises(ValueError, match="smugglewatch train"):
        LexicalModel.load(tmp_path)


def test_when_there_is_no_lexical_model_then_the_ensemble_is_the_encoder_alone() -> None:
    encoder = np.array([[2.0, 0.0, -1.0]])
    np.testing.assert_array_equal(Ensemble(0.3, 2.0, 1.0).combine(encoder, None), encoder)


def test_when_the_weight_is_fitted_then_the_ensemble_is_at_least_as_good_as_either_model_alone() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 300)
    strong = np.eye(3)[labels] * 2 + rng.normal(0, 0.8, (300, 3))
    wrong = rng.random(300) < 0.4
    weak_labels = np.where(wrong, (labels + 1) % 3, labels)
    weak = np.eye(3)[weak_labels] * 3 + rng.normal(0, 0.3, (300, 3))

    def accuracy(logits: np.ndarray) -> float:
        return float((logits.argmax(axis=1) == labels).mean())

    for encoder, lexical in ((strong, weak), (weak, strong)):
        ens = fit_ensemble(encoder, lexical, labels, LABELS)
        assert 0.0 <= ens.encoder_weight <= 1.0
        assert accuracy(ens.combine(encoder, lexical)) >= max(accuracy(strong), accuracy(weak)) - 0.01
    assert fit_ensemble(weak, strong, labels, LABELS).encoder_weight < 0.5
    assert json.loads(json.dumps(ens.as_dict())) == ens.as_dict()


def test_when_a_decision_rule_is_given_then_the_weight_is_chosen_for_its_decisions_not_the_argmax() -> None:
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 3, 300)
    encoder = np.eye(3)[labels] * 2 + rng.normal(0, 1.0, (300, 3))
    lexical = np.eye(3)[labels] * 2 + rng.normal(0, 1.0, (300, 3))
    assert fit_ensemble(encoder, lexical, labels, LABELS).encoder_weight not in (0.0, 1.0)
    # A rule that decides right only on the lexical model's own view moves the weight to the lexical model alone.
    fitted = fit_ensemble(encoder, lexical, labels, LABELS)
    target = Ensemble(0.0, fitted.encoder_temperature, fitted.lexical_temperature).combine(encoder, lexical)

    def decide(logits: np.ndarray) -> np.ndarray:
        return np.where(np.isclose(logits, target).all(axis=1), labels, (labels + 1) % 3)

    assert fit_ensemble(encoder, lexical, labels, LABELS, decide=decide).encoder_weight == 0.0


def test_when_trained_then_the_model_dir_holds_the_lexical_model_and_the_card_its_ensemble(
    tiny_model: Path, settings: Settings
) -> None:
    card = json.loads((tiny_model / "model_card.json").read_text())
    assert 0.0 <= card["ensemble"]["encoder_weight"] <= 1.0
    assert set(card["metrics"]["test_macro_f1_by_component"]) == {"encoder", "lexical"}
    assert "## Ensemble" in (tiny_model / "README.md").read_text()
    clf = Classifier.load(tiny_model, settings)
    assert clf.lexical is not None and clf.ensemble.encoder_weight == card["ensemble"]["encoder_weight"]


def test_when_a_checkpoint_has_no_lexical_model_then_the_transformer_classifies_alone(
    tiny_model: Path, tmp_path: Path, settings: Settings
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(tiny_model, plain, ignore=shutil.ignore_patterns("lexical.*"))
    card = json.loads((plain / "model_card.json").read_text())
    (plain / "model_card.json").write_text(json.dumps({**card, "ensemble": None}))
    clf = Classifier.load(plain, settings, quantize=False)
    assert clf.lexical is None
    texts = ["Boat to Italy, price per person", "Sunny day"]
    model_texts = [model_text(t, clf.cue_tags).text for t in texts]
    np.testing.assert_allclose(clf.logits(texts), clf.encoder_logits(model_texts), rtol=1e-5)
    assert all(a.label in LABELS for a in clf.classify(texts))
