"""The lexical model that sits beside the transformer: hashed word and character n-grams plus glossary concepts.

Why a second model: a compact encoder trained from scratch on a few thousand posts learns the phrasings it saw; on
phrasings it has never seen (the test split, real posts) a bag of character n-grams generalises better, because
n-grams survive inflection, misspelling, leetspeak and spaced-out letters. Glossary concepts go one step further:
every matched term also contributes its kind and its concept (its English gloss: "passport", "pay on arrival"), so a cue learned
from one language's posts carries over to the same concept in the other eleven. The two models' calibrated
log-probabilities are averaged with a weight chosen on the validation split (see :mod:`classifiers.ensemble`).

It is a fastText-style model in torch: an ``EmbeddingBag`` over hashed features (stable CRC32 buckets, so no
vocabulary file and no unknown features) and one linear layer. Sparse gradients keep training to seconds.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from classifiers.best_epoch import BestEpoch
from classifiers.glossary import default_glossary, fold
from classifiers.inputs import normalise

WEIGHTS_FILE = "lexical.safetensors"
CONFIG_FILE = "lexical.json"
FEATURES_VERSION = 1  # bump when :func:`features` changes meaning; a saved model records the version it used
_TOKEN_RE = re.compile(r"⟨[A-Z_]+⟩|\w+")


@dataclass
class LexicalConfig:
    """Shape of the lexical model and how it is trained; saved as ``lexical.json`` beside its weights."""

    buckets: int = 1 << 18
    dim: int = 16
    char_min: int = 3
    char_max: int = 5
    word_pairs: bool = True  # adjacent word pairs as features
    fold_diacritics: bool = True  # "διαβατήριο" = "διαβατηριο", "pasaportë" = "pasaporte" (informal typing drops them)
    glossary_repeat: int = 1  # how many times each glossary concept feature counts in the bag
    epochs: int = 12
    batch_size: int = 32
    learning_rate: float = 0.005
    feature_dropout: float = 0.3  # share of a training post's features hidden each epoch (each time anew)
    features_version: int = FEATURES_VERSION


def _bucket(feature: str, buckets: int) -> int:
    return zlib.crc32(feature.encode()) % buckets


def feature_names(redacted: str, config: LexicalConfig) -> list[str]:
    """The features of one redacted post: words, word pairs, character n-grams of words, glossary concepts."""
    text = normalise(redacted).text
    words = [w.casefold() if not w.startswith("⟨") else w for w in _TOKEN_RE.findall(text)]
    if config.fold_diacritics:
        words = [fold(w) if not w.startswith("⟨") else w for w in words]
    out: list[str] = []
    for word in words:
        out.append("w:" + word)
        if word.startswith("⟨"):
            continue
        padded = f"<{word}>"
        for n in range(config.char_min, config.char_max + 1):
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    if config.word_pairs:
        out.extend(f"b:{a} {b}" for a, b in itertools.pairwise(words))
    for match in default_glossary().find(text):
        out.extend(["k:" + match.term.kind, "g:" + match.term.concept] * config.glossary_repeat)
    return out


def features(redacted: str, config: LexicalConfig) -> list[int]:
    """Hashed feature ids of one redacted post (never empty: an empty post is one "empty" feature)."""
    return [_bucket(f, config.buckets) for f in feature_names(redacted, config)] or [_bucket("∅", config.buckets)]


class LexicalModel(torch.nn.Module):
    """Mean of hashed feature embeddings, then a linear layer to the three labels (in ``LABELS`` order)."""

    def __init__(self, config: LexicalConfig, num_labels: int = 3) -> None:
        super().__init__()
        self.config = config
        self.embedding = torch.nn.EmbeddingBag(config.buckets, config.dim, mode="mean", sparse=True)
        self.out = torch.nn.Linear(config.dim, num_labels)
        torch.nn.init.normal_(self.embedding.weight, std=0.02)

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return self.out(self.embedding(ids, offsets))

    @staticmethod
    def pack(rows: Sequence[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        """Flatten feature-id lists into the (ids, offsets) pair ``EmbeddingBag`` takes."""
        offsets = np.cumsum([0] + [len(r) for r in rows[:-1]]) if rows else np.zeros(0, dtype=np.int64)
        ids = np.fromiter((i for r in rows for i in r), dtype=np.int64)
        return torch.from_numpy(ids), torch.as_tensor(offsets, dtype=torch.int64)

    @torch.inference_mode()
    def logits(self, redacted_texts: list[str], batch_size: int = 512) -> np.ndarray:
        """Raw logits for redacted texts, in ``LABELS`` order."""
        self.eval()
        out = np.zeros((len(redacted_texts), self.out.out_features), dtype=np.float32)
        for start in range(0, len(redacted_texts), batch_size):
            rows = [features(t, self.config) for t in redacted_texts[start : start + batch_size]]
            out[start : start + len(rows)] = self(*self.pack(rows)).numpy()
        return out

    def save(self, model_dir: Path) -> None:
        from safetensors.torch import save_file

        save_file({k: v.contiguous() for k, v in self.state_dict().items()}, str(model_dir / WEIGHTS_FILE))
        (model_dir / CONFIG_FILE).write_text(json.dumps(asdict(self.config), indent=2, sort_keys=True))

    @classmethod
    def load(cls, model_dir: Path) -> LexicalModel | None:
        """The lexical model saved in ``model_dir``, or None (a plain Hugging Face checkpoint has none)."""
        if not (model_dir / CONFIG_FILE).is_file() or not (model_dir / WEIGHTS_FILE).is_file():
            return None
        from safetensors.torch import load_file

        saved = json.loads((model_dir / CONFIG_FILE).read_text())
        config = LexicalConfig(**{"fold_diacritics": False, **saved})  # saved before folding existed: no folding
        if config.features_version != FEATURES_VERSION:
            raise ValueError(
                f"{model_dir / CONFIG_FILE}: lexical features version {config.features_version}, this code computes "
                f"version {FEATURES_VERSION}; retrain with: smugglewatch train"
            )
        weights = load_file(str(model_dir / WEIGHTS_FILE))
        model = cls(config, num_labels=weights["out.weight"].shape[0])
        model.load_state_dict(weights)
        return model.eval()


def train_lexical(
    texts: list[str],
    labels: list[int],
    weights: list[float],
    config: LexicalConfig,
    seed: int,
    validate: Callable[[LexicalModel], float] | None = None,
    progress: bool = False,
) -> tuple[LexicalModel, dict]:
    """Fit on redacted ``texts``; with ``validate`` (higher is better), keep the best epoch's weights.

    The loss is class-balanced (inverse frequency) and weighted per post (hard negatives count more), as for the
    transformer. Features are computed once; each epoch hides a random share of every post's features, so the
    model cannot lean on one phrase.
    """
    from tqdm.auto import tqdm

    torch.manual_seed(seed)
    rng = random.Random(seed)
    rows = [features(t, config) for t in texts]
    model = LexicalModel(config)
    sparse_opt = torch.optim.SparseAdam(list(model.embedding.parameters()), lr=config.learning_rate)
    dense_opt = torch.optim.Adam(list(model.out.parameters()), lr=config.learning_rate)
    counts = np.bincount(labels, minlength=model.out.out_features)
    class_w = torch.tensor([len(labels) / (len(counts) * c) if c else 0.0 for c in counts], dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_w, reduction="none")
    y, w = torch.tensor(labels), torch.tensor(weights, dtype=torch.float32)
    history: dict = {"loss": [], "val": [], "best_epoch": config.epochs}
    best = BestEpoch(model)
    steps = math.ceil(len(rows) / config.batch_size) * config.epochs
    bar = tqdm(total=steps, desc="lexical model", unit="batch", disable=not progress)
    for epoch in range(config.epochs):
        model.train()
        order = list(range(len(rows)))
        rng.shuffle(order)
        losses = []
        for start in range(0, len(order), config.batch_size):
            idx = order[start : start + config.batch_size]
            batch = [[f for f in rows[i] if rng.random() >= config.feature_dropout] or rows[i] for i in idx]
            loss = (loss_fn(model(*model.pack(batch)), y[idx]) * w[idx]).sum() / w[idx].sum()
            sparse_opt.zero_grad()
            dense_opt.zero_grad()
            loss.backward()
            sparse_opt.step()
            dense_opt.step()
            losses.append(loss.item())
            bar.update(1)
        history["loss"].append(round(float(np.mean(losses)), 4) if losses else 0.0)
        if validate:
            score = validate(model)
            history["val"].append(round(score, 4))
            best.offer(epoch + 1, score)
    bar.close()
    history["best_epoch"] = best.restore() or config.epochs
    return model.eval(), history
