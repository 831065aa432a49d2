"""Combining the transformer and the lexical model: a weighted average of their temperature-scaled log-probabilities.

Each model is first made honest on its own (one temperature each, fitted on validation), so neither dominates just
because its logits are larger; the weight is then chosen on validation for the macro-F1 of the decisions the
product will make (training passes calibrated thresholds; argmax otherwise). The result is a row of
log-probabilities that calibration (:mod:`classifiers.calibration`) treats like any logits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from classifiers.calibration import fit_temperature, softmax
from classifiers.metrics import label_metrics

WEIGHT_GRID = tuple(round(float(w), 2) for w in np.arange(0.0, 1.001, 0.1))


def log_softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    return np.log(np.clip(softmax(logits, temperature), 1e-12, None))


@dataclass(frozen=True)
class Ensemble:
    """``encoder_weight`` of the transformer, the rest for the lexical model; 1.0 means the transformer alone."""

    encoder_weight: float = 1.0
    encoder_temperature: float = 1.0
    lexical_temperature: float = 1.0

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Ensemble:
        return cls(**data) if data else cls()

    def combine(self, encoder: np.ndarray, lexical: np.ndarray | None) -> np.ndarray:
        """Ensemble log-probabilities; the encoder's raw logits when there is no lexical model (old directories)."""
        if lexical is None:
            return encoder
        return self.encoder_weight * log_softmax(encoder, self.encoder_temperature) + (
            1.0 - self.encoder_weight
        ) * log_softmax(lexical, self.lexical_temperature)


def fit_ensemble(
    encoder: np.ndarray,
    lexical: np.ndarray,
    labels: np.ndarray,
    names: tuple[str, ...],
    decide: Callable[[np.ndarray], np.ndarray] | None = None,
) -> Ensemble:
    """Temperatures per model, then the weight with the best validation macro-F1 (ties: closer to an even mix).

    ``decide`` turns combined validation logits into label indices; by default the argmax. Training passes the
    calibrated decision (thresholds and hard-negative budget fitted for each weight), because a weight that wins on
    argmax can lose once thresholds are held to the budget.
    """
    t_enc, t_lex = fit_temperature(encoder, labels), fit_temperature(lexical, labels)
    gold = [names[i] for i in labels]
    decide = decide or (lambda logits: logits.argmax(axis=1))

    def score(weight: float) -> tuple[float, float]:
        pred = decide(Ensemble(weight, t_enc, t_lex).combine(encoder, lexical))
        return label_metrics(gold, [names[i] for i in pred])["macro_f1"], -abs(weight - 0.5)

    return Ensemble(float(max(WEIGHT_GRID, key=score)), t_enc, t_lex)
