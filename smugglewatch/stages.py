"""The batch pipeline as plain functions: one per stage, each reading and writing run-scoped files.

Airflow tasks (``dags/smuggling_monitor.py``) and the in-process runner (:func:`run_batch`) call exactly these, so a
scheduled run and ``smugglewatch run --no-airflow`` do the same work. Stages exchange small dicts that name files;
data never travels through XCom. Every stage is idempotent: re-running it for the same run directory rewrites the
same files, and only :func:`load_stage` writes to DuckDB.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from smugglewatch.settings import Settings, get_settings

log = logging.getLogger(__name__)


class SourceFailed(RuntimeError):
    """A source crawled nothing or failed: the classic silently stalled crawl, made loud."""


def run_dir_for_interval(dag_id: str, interval_start: datetime, settings: Settings | None = None) -> Path:
    """One directory per DAG and data interval, so a re-run of the interval reuses (and overwrites) it."""
    settings = settings or get_settings()
    stamp = interval_start.strftime("%Y%m%dT%H%M%SZ")
    path = settings.runs_dir / dag_id / stamp
    path.mkdir(parents=True, exist_ok=True)
    return path


def configured_sources(settings: Settings | None = None) -> list[str]:
    """The allow-listed source names: from settings, else those the (fixture) site publishes."""
    from crawlers.run import resolve_sources

    return [spec.name for spec in resolve_sources(settings or get_settings())]


def _read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def source_file_stem(source: str) -> str:
    """File name for a source, as the crawler names its output (``classifieds:documents`` -> ``classifieds__documents``)."""
    from crawlers.state import file_stem

    return file_stem(source)


def crawl_stage(source: str, run_dir: str | Path, settings: Settings | None = None) -> dict:
    """Crawl one source into ``<run>/crawl/<source>.jsonl``; raise :class:`SourceFailed` if it stalled.

    If this run already holds a complete crawl file for the source (a retried or re-run interval), it is reused,
    so an incremental crawler that has moved on never overwrites the interval's data with nothing.
    """
    from crawlers.run import crawl

    settings = settings or get_settings()
    out_dir = Path(run_dir) / "crawl"
    target = out_dir / f"{source_file_stem(source)}.jsonl"
    if target.is_file():
        posts = sum(1 for _ in _read_jsonl(target))
        log.info("crawl of %s reused from this run: %d posts", source, posts)
        return {"source": source, "run_dir": str(run_dir), "file": str(target), "posts": posts, "reused": True}
    started = time.perf_counter()
    stats = crawl(settings, sources=[source], out_dir=out_dir)
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("")
    posts = sum(1 for _ in _read_jsonl(target))
    failures = sum(n for kind, n in stats.errors.items() if not kind.endswith("_retried"))
    result = {
        "source": source,
        "run_dir": str(run_dir),
        "file": str(target),
        "posts": posts,
        "pages": stats.pages,
        "deleted": list(stats.deleted),
        "errors": dict(stats.errors),
        "seconds": round(time.perf_counter() - started, 2),
    }
    if stats.pages == 0 or (posts == 0 and failures):
        target.unlink(missing_ok=True)  # let a retry crawl again
        raise SourceFailed(f"source {source} stalled: {stats.pages} pages, {posts} posts, errors {dict(stats.errors)}")
    if posts == 0:
        log.warning("source %s yielded no new posts this run (%d pages fetched)", source, stats.pages)
    return result


def language_stage(crawled: dict) -> dict:
    """Detect each post's language on the raw text; writes only (post_key, lang, prob, top2)."""
    import pyarrow as pa

    from classifiers.language import detect_language
    from warehouse.runfiles import write_table

    rows = []
    for item in _read_jsonl(Path(crawled["file"])):
        result = detect_language(item["text"])
        rows.append(
            {
                "post_key": item["post_key"],
                "lang": result.lang,
                "lang_prob": result.prob,
                "top2": json.dumps(result.top2),
            }
        )
    schema = pa.schema(
        [("post_key", pa.string()), ("lang", pa.string()), ("lang_prob", pa.float64()), ("top2", pa.string())]
    )
    target = Path(crawled["run_dir"]) / "lang" / f"{source_file_stem(crawled['source'])}.parquet"
    write_table(pa.Table.from_pylist(rows, schema=schema), target)
    return {**crawled, "lang_file": str(target)}


def redact_stage(detected: dict, settings: Settings | None = None) -> dict:
    """Redact text and comments, pseudonymise the author, seal the original for the vault; write Parquet."""
    import pyarrow.parquet as pq

    from smugglewatch.ingest import redact_items
    from warehouse.runfiles import write_redacted

    settings = settings or get_settings()
    langs = {r["post_key"]: r for r in pq.read_table(detected["lang_file"]).to_pylist()}
    rows = redact_items(settings, _read_jsonl(Path(detected["file"])), langs)
    target = write_redacted(Path(detected["run_dir"]), source_file_stem(detected["source"]), rows)
    return {**detected, "redacted_file": str(target)}


def classify_stage(redacted: dict, settings: Settings | None = None) -> dict:
    """Classify redacted text with the current model; write assessments as Parquet."""
    import pyarrow.parquet as pq

    from warehouse.runfiles import write_classified

    settings = settings or get_settings()
    posts = pq.read_table(redacted["redacted_file"], columns=["post_key", "content_hash", "text_redacted"]).to_pylist()
    classifier = _classifier(settings)
    assessments = classifier.classify([p["text_redacted"] for p in posts]) if posts else []
    rows = [
        {
            "post_key": p["post_key"],
            "content_hash": p["content_hash"],
            "model_version": a.model_version,
            "label": a.label,
            "score": a.score,
            "scores": a.scores,
            "evidence": a.evidence,
            "uncertain": a.uncertain,
        }
        for p, a in zip(posts, assessments, strict=True)
    ]
    target = write_classified(Path(redacted["run_dir"]), source_file_stem(redacted["source"]), rows)
    flagged = sum(1 for r in rows if r["label"] != "benign")
    return {**redacted, "classified_file": str(target), "flagged": flagged}


_CLASSIFIERS: dict[tuple[str, str], object] = {}


def _classifier(settings: Settings):  # -> classifiers.model.Classifier
    """The current model, loaded once per process and model version (the in-process batch classifies per source)."""
    from classifiers.model import Classifier, current_model_dir

    key = (str(current_model_dir(settings)), settings.classifier.model_dump_json())
    if key not in _CLASSIFIERS:
        _CLASSIFIERS.clear()  # keep only the model in use
        _CLASSIFIERS[key] = Classifier.load(settings=settings)
    return _CLASSIFIERS[key]


def load_stage(run_dir: str | Path, results: list[dict], settings: Settings | None = None) -> dict:
    """Bulk-load the run's files into DuckDB (the single writer), mark deleted posts, delete the raw crawl files."""
    from warehouse.db import session
    from warehouse.load import load_run, mark_deleted

    settings = settings or get_settings()
    summary = load_run(settings, Path(run_dir)).as_dict()
    deleted = sorted({key for r in results for key in r.get("deleted", [])})
    if deleted:
        with session(settings) as conn:
            summary["posts_deleted"] = mark_deleted(conn, deleted)
    raw_dir = Path(run_dir) / "crawl"
    for raw in raw_dir.glob("*.jsonl") if raw_dir.is_dir() else []:
        raw.unlink()  # raw text may live only until it is redacted, sealed and loaded
    return {"run_dir": str(run_dir), "sources": len(results), **summary}


def refresh_stage(loaded: dict, settings: Settings | None = None) -> dict:
    """Recompute linked-advert clusters and review-queue items and priorities after a load."""
    from warehouse.clusters import refresh_clusters
    from warehouse.db import session, transaction
    from warehouse.load import refresh_review_items

    settings = settings or get_settings()
    with session(settings) as conn, transaction(conn):
        clustered = refresh_clusters(conn)
        new_items = refresh_review_items(conn)
    return {**loaded, "clustered_posts": clustered, "review_items_new_on_refresh": new_items}


def check_sources(sources: list[str], results: list[dict]) -> None:
    """Fail loudly (task state + log) when a source produced no result in this run."""
    done = {r["source"] for r in results if r}
    missing = [s for s in sources if s not in done]
    if missing:
        for source in missing:
            log.error("ALERT: source %s failed or stalled in this run; the others were loaded", source)
        raise SourceFailed(f"{len(missing)} source(s) failed: {', '.join(missing)}")
