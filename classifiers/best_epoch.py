"""Keeping the weights of the best validation epoch: later epochs memorise training phrasings and generalise worse."""

from __future__ import annotations

import math

import torch


class BestEpoch:
    """Offer it each epoch's validation score; ``restore`` loads the weights of the best one into the model."""

    def __init__(self, model: torch.nn.Module) -> None:
        self.model = model
        self.score = -math.inf
        self.epoch: int | None = None
        self._state: dict[str, torch.Tensor] | None = None

    def offer(self, epoch: int, score: float) -> None:
        """Remember the model's current weights if ``score`` beats every earlier epoch's."""
        if score > self.score:
            self.score, self.epoch = score, epoch
            self._state = {k: v.detach().clone() for k, v in self.model.state_dict().items()}

    def restore(self) -> int | None:
        """Load the best epoch's weights (if any epoch was offered); returns that epoch."""
        if self._state is not None:
            self.model.load_state_dict(self._state)
        return self.epoch
