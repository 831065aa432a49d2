"""The daily and on-demand jobs as plain functions: referral export, retention, audit check, retraining.

Airflow tasks (``dags/referral_export.py``, ``dags/retention.py``, ``dags/classifier_training.py``) only call these.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from smugglewatch.settings import Settings, get_settings

log = logging.getLogger(__name__)


class AuditChainBroken(RuntimeError):
    """The audit log's hash chain does not verify: someone altered or removed entries."""


class ModelNotPromoted(RuntimeError):
    """The retrained candidate scored worse than the current model; the current one stays."""


def export_stage(interval_start: datetime, settings: Settings | None = None) -> dict:
    """Export confirmed referrals into ``<data_dir>/exports/<date>/`` (per platform, JSON + CSV)."""
    from warehouse.export import export_referrals

    settings = settings or get_settings()
    out_dir = settings.data_dir / "exports" / f"{interval_start:%Y-%m-%d}"
    result = export_referrals(settings, out_dir)
    log.info("exported %d referrals: %s", result.referrals, result.by_platform)
    return {"referrals": result.referrals, "by_platform": result.by_platform, "files": [str(f) for f in result.files]}


def purge_stage(settings: Settings | None = None, now: datetime | None = None, dry_run: bool = False) -> dict:
    """Delete what is past its retention period: warehouse rows, old run directories and old export files.

    Files on disk are personal data too (redacted posts, pseudonyms): they expire like the rows they copy, and
    their erasure is audited like any other. With ``dry_run`` nothing is deleted; the counts say what would go.
    Files go after the audit entries are committed, so a crash leaves files to delete next time, never an
    erasure nobody logged.
    """
    from redaction import audit
    from redaction.retention import ACTOR, ROLE, purge
    from warehouse.db import session, transaction

    settings = settings or get_settings()
    now = now or datetime.now(UTC)
    runs = expired_paths(settings.runs_dir, "*/*", now - timedelta(days=settings.retention.run_files_days))
    exports = expired_paths(
        settings.data_dir / "exports", "*/*", now - timedelta(days=settings.retention.export_files_days)
    )
    files = {"run_dirs": runs, "export_files": exports}
    with session(settings) as conn, transaction(conn):
        counts = purge(conn, settings, now=now, dry_run=dry_run)
        for data_class, paths in files.items():
            if paths and not dry_run:  # ids are "<run or date>/<name>": run and batch ids, never content
                ids = [str(p.relative_to(p.parent.parent)) for p in paths]
                audit.record(conn, "erasure", ACTOR, ROLE, data_class, None, details={"count": len(ids), "ids": ids})
    if not dry_run:  # after the commit: an erasure is never done without its audit entry (a failure retries)
        _remove(runs + exports)
    counts.update({data_class: len(paths) for data_class, paths in files.items()})
    log.info("retention purge%s: %s", " (dry run)" if dry_run else "", counts)
    return counts


def expired_paths(root: Path, pattern: str, cutoff: datetime) -> list[Path]:
    """Paths under ``root`` matching ``pattern`` last modified before ``cutoff`` (none if ``root`` is missing)."""
    if not root.is_dir():
        return []
    return [p for p in sorted(root.glob(pattern)) if datetime.fromtimestamp(p.stat().st_mtime, UTC) < cutoff]


def _remove(paths: list[Path]) -> None:
    """Delete files and folders; a date folder left empty goes too."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        if path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()


def verify_audit_stage(settings: Settings | None = None) -> dict:
    """Verify the audit hash chain; raise (failing the task, which is the alert) when it is broken."""
    from redaction.audit import verify
    from warehouse.db import session

    settings = settings or get_settings()
    with session(settings, read_only=True) as conn:
        result = verify(conn)
    if not result.ok:
        raise AuditChainBroken(f"audit log broken at seq {result.first_broken_seq}: {result.reason}")
    return {"ok": True, "checked": result.checked}


def decision_examples(settings: Settings) -> list[dict]:
    """Analyst decisions as labelled posts: confirmed items keep their final label, rejected ones are benign."""
    from fixtures.bank import split_of
    from warehouse.db import session

    with session(settings, read_only=True) as conn:
        rows = conn.execute(
            """SELECT r.post_key, p.text_redacted, p.lang, r.status, r.final_label
               FROM review_items r JOIN posts p USING (post_key)
               WHERE r.status IN ('referable', 'referred', 'rejected')
               ORDER BY r.post_key"""
        ).fetchall()
    examples = []
    for post_key, text, lang, status, final_label in rows:
        label = "benign" if status == "rejected" else final_label
        if not label:
            continue
        family = f"decision-{post_key}"
        platform, source, native_id = post_key.split(":", 2)
        examples.append(
            {"id": f"d:{post_key}", "platform": platform, "source": source, "native_id": native_id, "text": text,
             "lang": lang or "und", "label": label, "family": family, "split": split_of(family),
             "hard_negative": status == "rejected", "script": "native"}
        )  # fmt: skip
    return examples


def training_set_stage(settings: Settings | None = None) -> dict:
    """The corpus plus analyst decisions, written as one training corpus under ``<data_dir>/training/``."""
    from fixtures.generator import generate, write_corpus

    settings = settings or get_settings()
    opts = settings.classifier
    posts = generate(opts.retrain_posts, settings.corpus_seed)
    decisions = decision_examples(settings)
    out = settings.data_dir / "training" / time.strftime("%Y%m%dT%H%M%S")
    write_corpus(posts + decisions, out, settings.corpus_seed)
    return {"corpus_dir": str(out), "corpus_posts": len(posts), "decisions": len(decisions)}


def train_candidate_stage(training_set: dict, settings: Settings | None = None) -> dict:
    """Train a candidate model beside the current one, without making it current."""
    from classifiers.train import TINY, TrainConfig, train

    settings = settings or get_settings()
    extra = TINY if settings.classifier.retrain_tiny else {}
    config = TrainConfig.from_settings(settings, corpus_dir=training_set["corpus_dir"], progress=False, **extra)
    candidate = train(config, settings, make_current=False)
    return {**training_set, "candidate": str(candidate)}


def promote_stage(candidate: dict, settings: Settings | None = None) -> dict:
    """Compare candidate and current on the same held-back split; promote only if the candidate is not worse."""
    from classifiers.evaluation import evaluate_records
    from classifiers.inputs import prepare
    from classifiers.model import Classifier, current_model_dir
    from classifiers.train import point_current
    from fixtures.generator import load_corpus

    settings = settings or get_settings()
    test = [p for p in load_corpus(Path(candidate["corpus_dir"])) if p["split"] == "test"]
    redacted = prepare([p["text"] for p in test], settings)
    held_back = [{**p, "text_redacted": r} for p, r in zip(test, redacted, strict=True)]
    new = evaluate_records(Classifier.load(candidate["candidate"], settings), held_back)["macro_f1"]
    current = current_model_dir(settings)
    old = evaluate_records(Classifier.load(current, settings), held_back)["macro_f1"] if current else -1.0
    result = {"candidate": candidate["candidate"], "candidate_macro_f1": new, "current_macro_f1": old}
    log.info("retraining: %s", json.dumps(result))
    if new < old:
        raise ModelNotPromoted(f"candidate macro-F1 {new:.4f} < current {old:.4f}; keeping {current}")
    point_current(Path(settings.model_dir), Path(candidate["candidate"]))
    return {**result, "promoted": True, "previous": str(current) if current else None}
