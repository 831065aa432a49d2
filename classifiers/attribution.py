"""Model evidence: which words pushed the model towards its label (gradient x input on the token embeddings).

Gradient x input is one backward pass per batch and works for any Hugging Face encoder that accepts
``inputs_embeds``. Token scores are mapped to characters with the tokenizer's offset mapping, widened to whole
words, and skip placeholders (a contact is already evidence by rule, and the model should not be credited for it).
"""

from __future__ import annotations

import re

import torch

from classifiers.inputs import PLACEHOLDER_RE

_WORD_CHAR = re.compile(r"\w")


def token_scores(model: torch.nn.Module, batch: dict[str, torch.Tensor], targets: torch.Tensor) -> torch.Tensor:
    """Gradient x input summed over the embedding dimension: one score per token, for the target label."""
    embeds = model.get_input_embeddings()(batch["input_ids"]).detach().requires_grad_(True)
    with torch.enable_grad():
        logits = model(inputs_embeds=embeds, attention_mask=batch["attention_mask"]).logits
        logits.gather(1, targets[:, None]).sum().backward()
    return (embeds.grad * embeds).sum(-1).detach()


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _WORD_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _WORD_CHAR.match(text[end]):
        end += 1
    return start, end


def top_spans(
    text: str,
    scores: list[float],
    offsets: list[tuple[int, int]],
    start_at: int = 0,
    k: int = 4,
    min_share: float = 0.25,
) -> list[tuple[int, int]]:
    """Up to ``k`` word spans of ``text`` (the model text, from ``start_at``) with the highest positive scores."""
    blocked = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
    candidates = []
    for score, (s, e) in zip(scores, offsets, strict=False):
        if s < start_at or e <= s or score <= 0 or not any(_WORD_CHAR.match(ch) for ch in text[s:e]):
            continue
        if any(bs <= s < be for bs, be in blocked):
            continue
        candidates.append((score, s, e))
    if not candidates:
        return []
    best = max(c[0] for c in candidates)
    spans: list[tuple[int, int]] = []
    for _score, s, e in sorted(candidates, reverse=True):
        if _score < min_share * best or len(spans) >= k:
            break
        span = _widen(text, s, e)
        if span not in spans:
            spans.append(span)
    return sorted(spans)
