"""Combining the transformer and the lexical model: a weighted average of their temperature-scaled log-probabilities.

Each model is first made honest on its own (one temperature each, fitted on validation), so neither dominates just
because its logits are larger; the weight is then chosen on validation for macro-F1. The result is a row of
log-probabilities that calibration (:mod:`classifiers.calibration`) treats like any logits.
"""

from __future__ import annotations

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


def fit_ensemble(encoder: np.ndarray, lexical: np.ndarray, labels: np.ndarray, names: tuple[str, ...]) -> Ensemble:
    """Temperatures per model, then the weight with the best validation macro-F1 (ties: closer to an even mix)."""
    t_enc, t_lex = fit_temperature(encoder, labels), fit_temperature(lexical, labels)
    gold = [names[i] for i in labels]

    def score(weight: float) -> tuple[float, float]:
        pred = Ensemble(weight, t_enc, t_lex).combine(encoder, lexical).argmax(axis=1)
        return label_metrics(gold, [names[i] for i in pred])["macro_f1"], -abs(weight - 0.5)

    return Ensemble(float(max(WEIGHT_GRID, key=score)), t_enc, t_lex)
