"""Training: corpus -> redacted texts -> tokenizer -> compact encoder + lexical model -> ensemble -> calibration ->
versioned model directory.

Reproducible: one seed drives Python, torch and batch order; the corpus is identified by its sha256 in the card.
Splits come from the corpus ``split`` field (by phrase family), so test scores measure unseen phrasings. Classes
are balanced with a weighted loss; batches are grouped by length and padded dynamically.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch

from classifiers.best_epoch import BestEpoch
from classifiers.calibration import LABELS, Calibration, calibrate
from classifiers.card import write_card
from classifiers.ensemble import fit_ensemble
from classifiers.evaluation import evaluate_records
from classifiers.evidence import PRICE_RE
from classifiers.features import model_text
from classifiers.glossary import default_glossary
from classifiers.inputs import PLACEHOLDER_RE, prepare, redactor_name
from classifiers.langid_profiles import langid_manifest
from classifiers.lexical import LexicalConfig, LexicalModel, train_lexical
from classifiers.metrics import label_metrics
from classifiers.model import CURRENT, Classifier, set_threads
from classifiers.romanize import LANGUAGES as ROMANIZED
from classifiers.romanize import random_style, romanize

ARCHITECTURE_KEYS = ("model_type", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size")
QUANT_TOLERANCE = 0.01  # int8 is used at inference only if it loses at most this much macro-F1


@dataclass
class TrainConfig:
    """Every knob of a training run; saved as ``training_config.json`` beside the model."""

    posts: int = 24000
    corpus_seed: int = 7
    corpus_dir: str | None = None
    seed: int = 13
    epochs: int = 8
    batch_size: int = 32
    learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    hidden_size: int = 128
    layers: int = 2
    heads: int = 4
    intermediate_size: int = 256
    vocab_size: int = 8000
    max_length: int = 128
    dropout: float = 0.1
    base_model: str | None = None
    target_precision: float = 0.9
    max_hard_negative_fpr: float | None = 0.04  # thresholds rise until at most this share of val hard negatives flag
    uncertain_margin: float = 0.15
    placeholder_dropout: float = 0.3  # share of training texts shown without their placeholders
    price_dropout: float = 0.3  # share of training texts shown without their prices (benign ads have prices too)
    word_dropout: float = 0.2  # share of words dropped from each training text (each epoch anew)
    hard_negative_weight: float = 4.0  # benign posts that look like offers (news, NGO warnings) count this much more
    romanized_share: float = 1.0  # share of native Greek/Russian/Persian training posts also shown romanized
    cue_tags: bool = False  # prefix glossary cue tags (classifiers.features); off: the lexical model uses the glossary
    lexical: bool = True  # train the lexical model beside the transformer and ensemble them (classifiers.lexical)
    lexical_buckets: int = 1 << 18
    lexical_dim: int = 16
    lexical_epochs: int = 12
    threads: int = 0
    progress: bool = True
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> TrainConfig:
        """The knobs ``settings`` owns (corpus seed, target precision, hard-negative budget, threads), then overrides."""
        opts = settings.classifier
        base = {
            "corpus_seed": settings.corpus_seed,
            "target_precision": opts.target_precision,
            "max_hard_negative_fpr": opts.max_hard_negative_fpr,
            "threads": opts.threads,
        }
        return cls(**{**base, **overrides})


TINY = {
    "epochs": 4, "hidden_size": 32, "layers": 1, "heads": 2, "intermediate_size": 64, "vocab_size": 600,
    "max_length": 64, "batch_size": 16, "learning_rate": 5e-3, "dropout": 0.0,
    "lexical_buckets": 1 << 12, "lexical_dim": 8, "lexical_epochs": 2,
}  # fmt: skip


@dataclass
class Example:
    text: str  # model text (placeholders normalised)
    redacted: str
    label: int
    post: dict


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def corpus_sha256(posts: list[dict]) -> str:
    """Same digest ``fixtures.generator.write_corpus`` puts in the manifest."""
    body = "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in posts).encode()
    return hashlib.sha256(body).hexdigest()


def load_posts(config: TrainConfig) -> list[dict]:
    """The training corpus: ``corpus_dir`` when given, else a fresh ``generate(posts, corpus_seed)``."""
    from fixtures.generator import generate, load_corpus

    if config.corpus_dir:
        return load_corpus(Path(config.corpus_dir))
    return generate(config.posts, config.corpus_seed)


def build_examples(posts: list[dict], settings: Any, cue_tags: bool = True) -> dict[str, list[Example]]:
    """Redact (exactly as the pipeline does), normalise placeholders, and group by split."""
    redacted = prepare([p["text"] for p in posts], settings)
    splits: dict[str, list[Example]] = {"train": [], "val": [], "test": []}
    for post, red in zip(posts, redacted, strict=True):
        ex = Example(model_text(red, cue_tags).text, red, LABELS.index(post["label"]), post)
        splits.setdefault(post.get("split", "train"), []).append(ex)
    return splits


def add_romanized(train: list[Example], share: float, seed: int, cue_tags: bool = True) -> list[Example]:
    """``train`` plus a romanized copy (one random writer's spelling each) of ``share`` of its native-script posts
    in languages people often type in Latin letters. Copies stay in the train split: they share their family."""
    rng = random.Random(seed)
    extra = []
    for ex in train:
        lang = ex.post.get("lang", "")
        if lang not in ROMANIZED or ex.post.get("script") == "latn" or rng.random() >= share:
            continue
        red = romanize(ex.redacted, lang, random_style(lang, rng))
        extra.append(
            Example(model_text(red, cue_tags).text, red, ex.label, {**ex.post, "script": "latn", "augmented": True})
        )
    return train + extra


def _make_model(config: TrainConfig, tokenizer: Any) -> torch.nn.Module:
    from transformers import AutoModelForSequenceClassification, BertConfig

    labels = {"id2label": dict(enumerate(LABELS)), "label2id": {lab: i for i, lab in enumerate(LABELS)}}
    if config.base_model:
        return AutoModelForSequenceClassification.from_pretrained(
            config.base_model, num_labels=len(LABELS), ignore_mismatched_sizes=True, **labels
        )
    bert = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=config.hidden_size,
        num_hidden_layers=config.layers,
        num_attention_heads=config.heads,
        intermediate_size=config.intermediate_size,
        max_position_embeddings=max(config.max_length, 64),
        type_vocab_size=1,
        hidden_dropout_prob=config.dropout,
        attention_probs_dropout_prob=config.dropout,
        pad_token_id=tokenizer.pad_token_id,
        num_labels=len(LABELS),
        **labels,
    )
    return AutoModelForSequenceClassification.from_config(bert)


def _make_tokenizer(config: TrainConfig, train: list[Example]) -> Any:
    from transformers import AutoTokenizer

    from classifiers.tokenizer import train_tokenizer

    if config.base_model:
        return AutoTokenizer.from_pretrained(config.base_model)
    glossary_terms = [t.term for t in default_glossary().terms]  # so indicator terms get whole tokens
    return train_tokenizer([e.text for e in train] + glossary_terms, config.vocab_size, config.max_length)


def _augment(redacted: str, rng: random.Random, config: TrainConfig) -> str:
    """A training view of a post: sometimes without placeholders or prices (so the model cannot lean on "price
    + contact" or on how a contact is written), and with a few words dropped (so it must use every cue)."""
    if rng.random() < config.placeholder_dropout:
        redacted = PLACEHOLDER_RE.sub(" ", redacted)
    if rng.random() < config.price_dropout:
        redacted = PRICE_RE.sub(" ", redacted)
    words = redacted.split(" ")
    if config.word_dropout and len(words) > 4:
        words = [w for w in words if PLACEHOLDER_RE.search(w) or rng.random() >= config.word_dropout]
    return model_text(" ".join(words), config.cue_tags).text


def _length_batches(examples: list[Example], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, sort within windows of 50 batches by length (little padding), shuffle the batches."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    window = batch_size * 50
    batches = []
    for w in range(0, len(order), window):
        chunk = sorted(order[w : w + window], key=lambda i: len(examples[i].text))
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def class_weights(examples: list[Example]) -> torch.Tensor:
    """Inverse-frequency weights (mean 1) for the cross-entropy loss."""
    counts = Counter(e.label for e in examples)
    w = [len(examples) / (len(LABELS) * counts[i]) if counts[i] else 0.0 for i in range(len(LABELS))]
    return torch.tensor(w, dtype=torch.float32)


def _val_macro_f1(model: torch.nn.Module, tokenizer: Any, val: list[Example], config: TrainConfig) -> float:
    probe = Classifier(model, tokenizer, Calibration(), "", max_length=config.max_length, cue_tags=config.cue_tags)
    f1 = _macro_f1(probe.encoder_logits([e.text for e in val]), val)
    for param in model.parameters():
        param.requires_grad_(True)  # the probe froze them for attribution; training goes on
    model.train()
    return f1


def fit(
    model: torch.nn.Module, tokenizer: Any, train: list[Example], config: TrainConfig, val: list[Example] | None = None
) -> dict:
    """The training loop (AdamW, linear warm-up and decay, weighted loss).

    With ``val`` (families unseen in training), the weights of the epoch with the best validation macro-F1 are
    kept: later epochs memorise training phrasings and generalise worse. Returns a per-epoch history.
    """
    from tqdm.auto import tqdm
    from transformers import get_linear_schedule_with_warmup

    rng = random.Random(config.seed)
    steps = math.ceil(len(train) / config.batch_size) * config.epochs
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    schedule = get_linear_schedule_with_warmup(optimizer, int(steps * config.warmup_ratio), steps)
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights(train), reduction="none")
    sample_weight = torch.tensor([config.hard_negative_weight if e.post.get("hard_negative") else 1.0 for e in train])
    model.train()
    history: dict = {"loss": [], "val_macro_f1": [], "best_epoch": config.epochs}
    best = BestEpoch(model)
    bar = tqdm(total=steps, desc="training", unit="batch", disable=not config.progress)
    for epoch in range(config.epochs):
        losses = []
        for idx in _length_batches(train, config.batch_size, rng):
            texts = [_augment(train[i].redacted, rng, config) for i in idx]
            enc = tokenizer(texts, padding=True, truncation=True, max_length=config.max_length, return_tensors="pt")
            logits = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits
            weights = sample_weight[idx]
            loss = (loss_fn(logits, torch.tensor([train[i].label for i in idx])) * weights).sum() / weights.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            bar.update(1)
            bar.set_postfix(epoch=epoch + 1, loss=f"{np.mean(losses[-50:]):.3f}")
        history["loss"].append(round(float(np.mean(losses)), 4) if losses else 0.0)
        if val:
            f1 = _val_macro_f1(model, tokenizer, val, config)
            history["val_macro_f1"].append(f1)
            best.offer(epoch + 1, f1)
    bar.close()
    history["best_epoch"] = best.restore() or config.epochs
    model.eval()
    return history


def _macro_f1(logits: np.ndarray, examples: list[Example]) -> float:
    """Macro-F1 of the argmax of ``logits`` against the examples' gold labels."""
    gold = [LABELS[e.label] for e in examples]
    return label_metrics(gold, [LABELS[i] for i in logits.argmax(axis=1)])["macro_f1"]


def fit_lexical(
    train: list[Example], val: list[Example], config: TrainConfig
) -> tuple[LexicalModel | None, dict | None]:
    """The lexical model on the same split and sample weights as the transformer (best validation epoch kept)."""
    if not config.lexical:
        return None, None
    lex_config = LexicalConfig(buckets=config.lexical_buckets, dim=config.lexical_dim, epochs=config.lexical_epochs)
    return train_lexical(
        [e.redacted for e in train],
        [e.label for e in train],
        [config.hard_negative_weight if e.post.get("hard_negative") else 1.0 for e in train],
        lex_config,
        config.seed,
        validate=(lambda m: round(_macro_f1(m.logits([e.redacted for e in val]), val), 4)) if val else None,
        progress=config.progress,
    )


def _records(examples: list[Example]) -> list[dict]:
    return [
        {
            "text_redacted": e.redacted,
            "label": LABELS[e.label],
            "lang": e.post.get("lang"),
            "script": e.post.get("script"),
            "hard_negative": bool(e.post.get("hard_negative")),
        }
        for e in examples
    ]


def _posts_per_s(classifier: Classifier, texts: list[str]) -> float:
    """Logits throughput on redacted ``texts``, best of two runs (a rough guide recorded in the card; see bench/)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        classifier.logits(texts)
        best = min(best, time.perf_counter() - start)
    return round(len(texts) / best, 1) if texts else 0.0


def _version(config: TrainConfig, sha: str) -> str:
    digest = hashlib.sha256(json.dumps(asdict(config), sort_keys=True).encode() + sha.encode()).hexdigest()[:8]
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{digest}"


def point_current(model_root: Path, version_dir: Path) -> None:
    """Atomically point ``<model_root>/current`` at ``version_dir`` (a relative symlink; a file if not allowed)."""
    tmp = model_root / f".{CURRENT}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        tmp.symlink_to(version_dir.name, target_is_directory=True)
    except OSError:
        tmp.write_text(version_dir.name)
    os.replace(tmp, model_root / CURRENT)


def train(config: TrainConfig, settings: Any, model_root: Path | None = None, make_current: bool = True) -> Path:
    """Train, calibrate, evaluate and write ``<model_root>/<version>/``; returns that directory."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # our own tqdm bar is the one progress display
    started = time.perf_counter()
    _seed_everything(config.seed)
    set_threads(config.threads)
    posts = load_posts(config)
    splits = build_examples(posts, settings, config.cue_tags)
    if not splits["train"]:
        raise ValueError("the corpus has no posts in the train split; generate a larger corpus")
    corpus_train = len(splits["train"])
    splits["train"] = add_romanized(splits["train"], config.romanized_share, config.seed, config.cue_tags)
    tokenizer = _make_tokenizer(config, splits["train"])
    model = _make_model(config, tokenizer)
    history = fit(model, tokenizer, splits["train"], config, splits["val"])
    lexical, lexical_history = fit_lexical(splits["train"], splits["val"], config)
    seconds = time.perf_counter() - started

    val = splits["val"] or splits["train"]
    test = splits["test"] or val
    probe = Classifier(
        model, tokenizer, Calibration(), "", max_length=config.max_length, cue_tags=config.cue_tags, lexical=lexical
    )
    val_labels = np.array([e.label for e in val])
    val_encoder = probe.encoder_logits([e.text for e in val])  # each model reads validation once
    val_lexical = lexical.logits([e.redacted for e in val]) if lexical is not None else None
    val_hard = np.array([bool(e.post.get("hard_negative")) for e in val])

    def fit_calibration(logits: np.ndarray) -> Calibration:
        return calibrate(
            logits,
            val_labels,
            config.target_precision,
            config.uncertain_margin,
            hard_negatives=val_hard,
            max_hard_negative_fpr=config.max_hard_negative_fpr,
        )

    components: dict[str, float] = {}
    if lexical is not None:
        probe.ensemble = fit_ensemble(
            val_encoder, val_lexical, val_labels, LABELS, decide=lambda lg: fit_calibration(lg).predict(lg)
        )
        components = {
            "encoder": round(_macro_f1(probe.encoder_logits([e.text for e in test]), test), 4),
            "lexical": round(_macro_f1(lexical.logits([e.redacted for e in test]), test), 4),
        }
    calibration = fit_calibration(probe.ensemble.combine(val_encoder, val_lexical))
    probe.calibration = calibration
    test_report = evaluate_records(probe, _records(test))
    int8 = Classifier(
        model,
        tokenizer,
        calibration,
        "",
        quantized=True,
        max_length=config.max_length,
        cue_tags=config.cue_tags,
        lexical=lexical,
        ensemble=probe.ensemble,
    )
    int8_report = evaluate_records(int8, _records(test))
    speed = {name: _posts_per_s(clf, [e.redacted for e in test]) for name, clf in (("fp32", probe), ("int8", int8))}

    sha = corpus_sha256(posts)
    version = _version(config, sha)
    model_root = Path(model_root or settings.model_dir)
    out = model_root / version
    out.mkdir(parents=True, exist_ok=False)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    if lexical is not None:
        lexical.save(out)
    (out / "training_config.json").write_text(json.dumps(asdict(config), indent=2, sort_keys=True))
    card = {
        "version": version,
        "labels": list(LABELS),
        "base_model": config.base_model,
        "config": asdict(config),
        "architecture": {k: getattr(model.config, k, None) for k in ARCHITECTURE_KEYS},
        "corpus": {
            "posts": len(posts),
            "sha256": sha,
            "source": config.corpus_dir or f"generate(n={config.posts}, seed={config.corpus_seed})",
            "splits": {**{k: len(v) for k, v in splits.items()}, "train": corpus_train},
            "romanized_copies": len(splits["train"]) - corpus_train,
            "languages": dict(Counter(p["lang"] for p in posts)),
        },
        "redactor": redactor_name(settings),
        "glossary_version": default_glossary().version,
        "seed": config.seed,
        "training": {"seconds": round(seconds, 1), "threads": torch.get_num_threads(), **history},
        "lexical": {"config": asdict(lexical.config), "training": lexical_history} if lexical is not None else None,
        "ensemble": probe.ensemble.as_dict() if lexical is not None else None,
        "calibration": calibration.as_dict(),
        "thresholds": calibration.thresholds,
        "temperature": calibration.temperature,
        "metrics": {
            "test": test_report,
            "language_id": test_report.pop("language_id", None),
            "language_id_profiles": langid_manifest(),
            "test_macro_f1_by_component": components or None,
        },
        "quantization": {
            "fp32_macro_f1": test_report["macro_f1"],
            "int8_macro_f1": int8_report["macro_f1"],
            "keeps_quality": int8_report["macro_f1"] >= test_report["macro_f1"] - QUANT_TOLERANCE,
            "fp32_posts_per_s": speed["fp32"],
            "int8_posts_per_s": speed["int8"],
            "use_int8": int8_report["macro_f1"] >= test_report["macro_f1"] - QUANT_TOLERANCE
            and speed["int8"] > speed["fp32"],
        },
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_card(out, card)
    if make_current:
        point_current(model_root, out)
    return out


def train_default_model(settings: Any) -> Path:
    """The default model into ``settings.model_dir`` (what ``make run`` trains when there is none)."""
    return train(TrainConfig.from_settings(settings), settings)


def train_tiny_model(out_dir: Path, corpus_dir: Path, settings: Any = None, max_posts: int = 800) -> Path:
    """A seconds-fast, low-quality model for tests of other stages (DAG end-to-end): tiny config, 1 epoch.

    Uses the first ``max_posts`` posts of ``corpus_dir``; returns the version directory (``out_dir/current``
    points at it).
    """
    import tempfile

    from fixtures.generator import load_corpus, write_corpus

    if settings is None:
        from smugglewatch.settings import get_settings

        settings = get_settings()
    posts = load_corpus(Path(corpus_dir))[:max_posts]
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(posts, Path(tmp), seed=0)
        config = TrainConfig(corpus_dir=tmp, progress=False, **TINY)
        return train(config, settings, model_root=Path(out_dir))
