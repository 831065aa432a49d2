"""Loading a trained model directory and classifying redacted posts with it.

Fast on a small CPU by construction: posts are batched in length order (little padding), padded only to the
longest post of each batch, truncated to ``settings.classifier.max_length`` tokens (the head of the post is kept:
offers put the service first), and Linear layers are int8-quantized when ``settings.classifier.quantize`` is on.

A model directory trained here also holds a lexical model (:mod:`classifiers.lexical`); the decision is made on the
weighted average of both models' log-probabilities (:class:`classifiers.ensemble.Ensemble`). A plain Hugging Face
checkpoint without one is used alone.
"""

from __future__ import annotations

import copy
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from classifiers import attribution, evidence
from classifiers.calibration import BENIGN, FLAG_LABELS, LABELS, Calibration, softmax
from classifiers.ensemble import Ensemble
from classifiers.features import model_text
from classifiers.inputs import ModelText
from classifiers.lexical import LexicalModel

CARD_JSON = "model_card.json"
CURRENT = "current"
MAX_CHARS = 20_000  # characters kept before tokenizing; far beyond max_length tokens, bounds tokenizer work


class ModelNotFoundError(FileNotFoundError):
    """No trained model where one was expected."""


@dataclass
class Assessment:
    """The classifier's verdict on one post (see docs/CONTRACTS.md, "Classifier")."""

    label: str
    score: float
    scores: dict[str, float]
    evidence: list[dict] = field(default_factory=list)
    model_version: str = ""
    uncertain: bool = False


def current_model_dir(settings: Any = None) -> Path | None:
    """``<model_dir>/current`` resolved to its version directory, or None when no model was trained yet."""
    if settings is None:
        from smugglewatch.settings import get_settings

        settings = get_settings()
    pointer = Path(settings.model_dir) / CURRENT
    target = pointer.resolve() if pointer.is_symlink() else None
    if target is None and pointer.is_file():  # a plain file naming the version, where symlinks are not allowed
        target = pointer.parent / pointer.read_text().strip()
    return target if target and (target / CARD_JSON).is_file() else None


def pick_device(name: str) -> torch.device:
    """``cpu``, ``cuda`` (fails clearly without a GPU) or ``auto`` (cuda when present)."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda: no CUDA GPU is available here; use --device cpu or auto")
    return torch.device(name)


def quantize(model: torch.nn.Module) -> torch.nn.Module:
    """int8 dynamic quantization of every Linear layer (weights int8, activations quantized on the fly)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from torch.ao.quantization import quantize_dynamic

        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


class Classifier:
    """A trained model plus its calibration; ``classify`` takes redacted texts and returns assessments."""

    def __init__(
        self,
        model: torch.nn.Module,
        tokenizer: Any,
        calibration: Calibration,
        version: str,
        *,
        device: torch.device | None = None,
        quantized: bool = False,
        batch_size: int = 64,
        max_length: int = 256,
        cue_tags: bool = False,
        lexical: LexicalModel | None = None,
        ensemble: Ensemble | None = None,
    ) -> None:
        self.device = device or torch.device("cpu")
        self.model_fp32 = model.to(self.device).eval()
        for param in self.model_fp32.parameters():
            param.requires_grad_(False)  # attributions need input gradients only
        self.model = quantize(copy.deepcopy(model)).eval() if quantized and self.device.type == "cpu" else model
        self.quantized = self.model is not self.model_fp32
        self.tokenizer = tokenizer
        self.calibration = calibration
        self.model_version = version
        self.batch_size = batch_size
        self.max_length = max_length
        self.cue_tags = cue_tags
        self.lexical = lexical
        self.ensemble = ensemble or Ensemble()
        id2label = {int(k): v for k, v in model.config.id2label.items()}
        self._order = [next(i for i, lab in id2label.items() if lab == name) for name in LABELS]

    @classmethod
    def load(
        cls,
        path: Path | str | None = None,
        settings: Any = None,
        *,
        device: str | None = None,
        quantize: bool | None = None,
    ) -> Classifier:
        """Load ``path`` (default ``<model_dir>/current``) with runtime options from ``settings.classifier``."""
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bars in CLI output
        if settings is None:
            from smugglewatch.settings import get_settings

            settings = get_settings()
        opts = settings.classifier
        model_dir = Path(path) if path else current_model_dir(settings)
        if model_dir is None or not (model_dir / CARD_JSON).is_file():
            where = model_dir or Path(settings.model_dir) / CURRENT
            raise ModelNotFoundError(f"no trained classifier at {where}; train one with: smugglewatch train")
        set_threads(getattr(opts, "threads", 0))
        card = json.loads((model_dir / CARD_JSON).read_text())
        model = AutoModelForSequenceClassification.from_pretrained(model_dir)
        tokenizer = AutoTokenizer.from_pretrained(model_dir)
        return cls(
            model,
            tokenizer,
            Calibration.from_dict(card["calibration"]),
            card["version"],
            device=pick_device(device or opts.device),
            quantized=(opts.quantize and _int8_pays_off(card)) if quantize is None else quantize,
            batch_size=opts.batch_size,
            max_length=min(opts.max_length, _trained_length(card, model)),
            cue_tags=bool(card.get("config", {}).get("cue_tags", False)),
            lexical=LexicalModel.load(model_dir),
            ensemble=Ensemble.from_dict(card.get("ensemble")),
        )

    def _encode(self, texts: list[str], offsets: bool = False) -> dict:
        enc = self.tokenizer(
            [t[:MAX_CHARS] for t in texts],
            padding=True,
            truncation=True,
            max_length=self.max_length,
            return_tensors="pt",
            return_offsets_mapping=offsets,
        )
        return {k: v.to(self.device) if k != "offset_mapping" else v for k, v in enc.items()}

    def _batches(self, texts: list[str]) -> list[list[int]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        return [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]

    @torch.inference_mode()
    def encoder_logits(self, model_texts: list[str]) -> np.ndarray:
        """The transformer's raw logits in :data:`LABELS` order for model texts (see :func:`model_text`)."""
        out = np.zeros((len(model_texts), len(LABELS)), dtype=np.float32)
        for idx in self._batches(model_texts):
            enc = self._encode([model_texts[i] for i in idx])
            logits = self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits
            out[idx] = logits.float().cpu().numpy()[:, self._order]
        return out

    def lexical_logits(self, redacted_texts: list[str]) -> np.ndarray | None:
        """The lexical model's raw logits in :data:`LABELS` order, or None when the directory has none."""
        return self.lexical.logits(redacted_texts) if self.lexical is not None else None

    def logits(self, redacted_texts: list[str]) -> np.ndarray:
        """What calibration works on: the ensemble of both models (or the transformer alone), in LABELS order."""
        return self._logits([model_text(t, self.cue_tags) for t in redacted_texts])

    def _logits(self, inputs: list[ModelText]) -> np.ndarray:
        encoder = self.encoder_logits([m.text for m in inputs])
        return self.ensemble.combine(encoder, self.lexical_logits([m.redacted for m in inputs]))

    def probabilities(self, redacted_texts: list[str]) -> np.ndarray:
        """Calibrated probabilities in :data:`LABELS` order."""
        return softmax(self.logits(redacted_texts), self.calibration.temperature)

    def classify(self, redacted_texts: list[str], explain: bool = True) -> list[Assessment]:
        """Assess redacted posts; with ``explain``, flagged and uncertain posts carry evidence spans."""
        inputs = [model_text(t, self.cue_tags) for t in redacted_texts]
        probs = softmax(self._logits(inputs), self.calibration.temperature)
        results = []
        for p in probs:
            label, score, uncertain = self.calibration.decide(p)
            scores = {lab: round(float(x), 4) for lab, x in zip(LABELS, p, strict=True)}
            results.append(Assessment(label, round(score, 4), scores, [], self.model_version, uncertain))
        if explain:
            self._explain(inputs, results)
        return results

    def _explain(self, inputs: list[ModelText], results: list[Assessment]) -> None:
        wanted = [i for i, a in enumerate(results) if a.label != BENIGN or a.uncertain]
        spans = self.model_spans([inputs[i] for i in wanted], [_target(results[i]) for i in wanted])
        for i, model_found in zip(wanted, spans, strict=True):
            rules = evidence.rule_evidence(inputs[i].redacted)
            extra = evidence.model_spans(model_found, _target(results[i]))
            results[i].evidence = [s.as_dict() for s in evidence.merge(rules, extra)]

    def model_spans(self, inputs: list[ModelText], targets: list[str]) -> list[list[tuple[int, int]]]:
        """Per input, the words the model leaned on for ``target``, as spans of the redacted text."""
        found: list[list[tuple[int, int]]] = [[] for _ in inputs]
        label_ids = {name: self._order[i] for i, name in enumerate(LABELS)}
        for idx in self._batches([m.text for m in inputs]):
            enc = self._encode([inputs[i].text for i in idx], offsets=True)
            target = torch.tensor([label_ids[targets[i]] for i in idx], device=self.device)
            scores = attribution.token_scores(self.model_fp32, enc, target).cpu()
            for row, i in enumerate(idx):
                mask = enc["attention_mask"][row].bool().cpu()
                offsets = [tuple(o) for o in enc["offset_mapping"][row][mask].tolist()]
                spans = attribution.top_spans(inputs[i].text, scores[row][mask].tolist(), offsets, inputs[i].prefix)
                found[i] = [inputs[i].to_redacted(s, e) for s, e in spans]
        return found


def _int8_pays_off(card: dict) -> bool:
    """int8 only where training measured it keeps quality and is faster (tiny models can be slower in int8)."""
    q = card.get("quantization", {})
    return bool(q.get("use_int8", q.get("keeps_quality", True)))


def _trained_length(card: dict, model: torch.nn.Module) -> int:
    """The longest input the model was trained on / can position-encode: longer inputs are truncated to it."""
    positions = getattr(model.config, "max_position_embeddings", None) or 512
    return min(int(card.get("config", {}).get("max_length") or positions), positions)


def _target(assessment: Assessment) -> str:
    if assessment.label != BENIGN:
        return assessment.label
    return max(FLAG_LABELS, key=lambda lab: assessment.scores[lab])


def set_threads(threads: int = 0) -> int:
    """Use ``threads`` intra-op threads; 0 means: the cores other processes leave free (at least one).

    On a shared machine two OpenMP threads competing with other busy processes for two cores spin and wait on
    each other: measured here, batched classification fell from ~2,000 to ~200 posts/s, while one thread kept
    ~2,000. So "auto" counts a core as taken when the 1-minute load average says someone else is using it.
    """
    if not threads:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        threads = max(1, min(cores, round(cores - busy)))
    torch.set_num_threads(max(1, threads))
    return threads
