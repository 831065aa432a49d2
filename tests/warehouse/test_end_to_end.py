"""Corpus posts through the real redactor and vault seal into the warehouse, reviewed and exported: no raw
identifier anywhere downstream, linked adverts found across platforms."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.generator import generate
from redaction.redactor import find
from smugglewatch.ingest import redact_items
from smugglewatch.settings import Settings
from warehouse.db import connect
from warehouse.export import export_referrals
from warehouse.load import load_run
from warehouse.queue import decide, list_items
from warehouse.report import build_report
from warehouse.runfiles import write_classified, write_redacted
from warehouse.users import add_user


def crawl_item(post: dict) -> dict:
    """A corpus post as the crawler would emit it (docs/CONTRACTS.md, crawl output)."""
    return {
        "post_key": f"{post['platform']}:{post['source']}:{post['native_id']}",
        "platform": post["platform"],
        "source": post["source"],
        "post_id": post["native_id"],
        "url": f"https://{post['platform']}.example.org/{post['source']}/{post['native_id']}",
        "author": post["author"],
        "text": post["text"],
        "comments": [{"by_poster": False, "text": c["text"]} for c in post["comments"]],
        "published_at": post["published_at"],
        "edited_at": post["edited_at"],
        "crawled_at": datetime.now(UTC).isoformat(),
        "content_hash": hashlib.sha256(post["text"].encode()).hexdigest(),
    }


@pytest.mark.slow
def test_redacted_corpus_to_referrals_without_raw_identifiers(settings: Settings, tmp_path: Path) -> None:
    posts = generate(400, seed=5)
    items = [crawl_item(p) for p in posts]
    rows = redact_items(settings, items, {})
    run = tmp_path / "runs" / "corpus-run"
    write_redacted(run, "all", rows)
    write_classified(
        run,
        "all",
        [
            {"post_key": r["post_key"], "content_hash": r["content_hash"], "model_version": "corpus-labels",
             "label": p["label"], "score": 0.97 if p["label"] != "benign" else 0.1, "scores": {},
             "evidence": [{"start": 0, "end": 5, "kind": "contact"}, {"start": 6, "end": 9, "kind": "price"}],
             "uncertain": False}
            for r, p in zip(rows, posts, strict=True)
        ],
    )  # fmt: skip
    conn = connect(settings)
    for user, role in (("alice", "analyst"), ("bob", "analyst")):
        add_user(conn, user, role)
    conn.close()
    load_run(settings, run)

    conn = connect(settings)
    try:
        flagged = list_items(conn, limit=1000)
        linked = [i for i in flagged if i.cluster_size > 1]
        for item in flagged:
            decide(conn, item.item_id, "alice", "confirm", note="Same seller as in other channels")
            decide(conn, item.item_id, "bob", "confirm")
        stored = "\n".join(r[0] for r in conn.execute("SELECT text_redacted FROM posts").fetchall())
        platforms = conn.execute(
            "SELECT max(len(list_distinct(platforms))) FROM (SELECT list(p.platform) AS platforms FROM post_clusters c"
            " JOIN posts p USING (post_key) GROUP BY cluster_id)"
        ).fetchone()[0]
    finally:
        conn.close()
    assert len(flagged) == sum(p["label"] != "benign" for p in posts)
    assert linked and platforms >= 2  # actors reuse contacts across platforms
    result = export_referrals(settings, tmp_path / "out")
    assert result.referrals == len(flagged)

    # Values shorter than 6 characters (a handle such as "dovo") also occur inside ordinary words of other posts.
    texts = [p["text"] for p in posts] + [c["text"] for p in posts for c in p["comments"]]
    raw = {f.value for text in texts for f in find(text) if f.type != "PERSON" and len(f.value) >= 6}
    raw |= {p["author"] for p in posts if p["author"] and len(p["author"]) >= 6}
    raw -= {p["source"] for p in posts} | {"@" + p["source"] for p in posts}  # a channel name is the public location
    assert raw
    exported = "\n".join(path.read_text(encoding="utf-8-sig") for path in (tmp_path / "out").iterdir())
    conn = connect(settings, read_only=True)
    try:
        report = str(build_report(conn))
    finally:
        conn.close()
    for value in raw:
        assert value not in exported, "a raw identifier reached a referral file"
        assert value not in stored, "a raw identifier reached the warehouse"
        assert value not in report
    assert "⟨" not in exported
