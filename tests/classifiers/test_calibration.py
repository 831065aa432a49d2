"""Calibration: temperature fitted on validation, thresholds reach the target precision, monotonic scores."""

from __future__ import annotations

import numpy as np

from classifiers.calibration import (
    LABELS,
    Calibration,
    calibrate,
    fit_temperature,
    hard_negative_fpr,
    softmax,
    threshold_for_precision,
)


def _overconfident(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, n)
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), labels] += 1.5
    return logits * 4.0, labels  # x4: far too confident


def test_when_logits_are_overconfident_then_the_fitted_temperature_is_above_one() -> None:
    logits, labels = _overconfident()
    t = fit_temperature(logits, labels)
    assert 2.5 < t < 6.0


def test_when_scaled_then_the_ranking_of_posts_is_unchanged_and_scores_monotonic() -> None:
    logits = np.array([[x, 0.0, 0.0] for x in np.linspace(-4, 4, 41)])
    for t in (0.5, 1.0, 3.0):
        p = softmax(logits, t)[:, 0]
        assert np.all(np.diff(p) > 0)


def test_when_a_threshold_is_chosen_then_it_reaches_the_target_precision() -> None:
    rng = np.random.default_rng(1)
    positive = rng.random(2000) < 0.3
    scores = np.clip(np.where(positive, rng.normal(0.75, 0.15, 2000), rng.normal(0.35, 0.15, 2000)), 0, 1)
    t = threshold_for_precision(scores, positive, 0.95)
    flagged = scores >= t
    assert (flagged & positive).sum() / flagged.sum() >= 0.95
    looser = threshold_for_precision(scores, positive, 0.8)
    assert looser <= t


def test_when_calibrating_then_both_flag_labels_get_a_threshold() -> None:
    logits, labels = _overconfident()
    cal = calibrate(logits, labels, 0.9)
    assert set(cal.thresholds) == {"smuggling_offer", "document_fraud"}
    assert Calibration.from_dict(cal.as_dict()) == cal


def test_when_a_score_is_near_a_threshold_then_the_post_is_uncertain() -> None:
    cal = Calibration(1.0, {"smuggling_offer": 0.6, "document_fraud": 0.6}, 0.1, 0.95)
    assert cal.decide(np.array([0.9, 0.05, 0.05])) == ("smuggling_offer", 0.9, False)
    label, _, uncertain = cal.decide(np.array([0.55, 0.05, 0.40]))
    assert (label, uncertain) == ("benign", True)
    label, _, uncertain = cal.decide(np.array([0.1, 0.1, 0.8]))
    assert (label, uncertain) == ("benign", False)


def test_when_hard_negatives_exceed_the_budget_then_thresholds_rise_until_they_fit() -> None:
    rng = np.random.default_rng(2)
    n = 1500
    labels = rng.integers(0, 3, n)
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), labels] += 2.0
    hard = (labels == 2) & (rng.random(n) < 0.5)
    logits[hard, 0] += 1.2  # hard negatives look like smuggling offers
    loose = calibrate(logits, labels, 0.8)
    probs = softmax(logits, loose.temperature)
    assert hard_negative_fpr(probs, loose.thresholds, hard) > 0.05
    held = calibrate(logits, labels, 0.8, hard_negatives=hard, max_hard_negative_fpr=0.05)
    assert hard_negative_fpr(probs, held.thresholds, hard) <= 0.05
    assert held.thresholds["smuggling_offer"] > loose.thresholds["smuggling_offer"]
    assert held.max_hard_negative_fpr == 0.05
    assert Calibration.from_dict(held.as_dict()) == held
    old_card = {k: v for k, v in held.as_dict().items() if k != "max_hard_negative_fpr"}
    assert Calibration.from_dict(old_card).max_hard_negative_fpr is None


def test_when_predicting_many_rows_then_it_agrees_with_deciding_one_row_at_a_time() -> None:
    logits, labels = _overconfident(900, seed=3)
    cal = calibrate(logits, labels, 0.9, hard_negatives=labels == 2, max_hard_negative_fpr=0.05)
    probs = softmax(logits, cal.temperature)
    one_by_one = [LABELS.index(cal.decide(p)[0]) for p in probs]
    assert cal.predict(logits).tolist() == one_by_one
    assert 0 < sum(i == LABELS.index("benign") for i in one_by_one) < len(one_by_one)
