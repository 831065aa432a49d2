"""Bulk loads: idempotent reloads, edit history, decisions kept, vault and audit rows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from smugglewatch.settings import Settings
from tests.warehouse.runs import FRAUD_TEXT, SMUGGLING_TEXT, T0, post, sample_rows, token, write_run
from warehouse import audit
from warehouse.db import connect
from warehouse.load import load_run
from warehouse.queue import decide, decisions_of, list_items
from warehouse.runfiles import REDACTED_SCHEMA, to_table

DATA_TABLES = ("sources", "posts", "post_versions", "comments", "assessments", "indicators", "post_clusters",
               "review_items", "decisions")  # fmt: skip


def snapshot(settings: Settings) -> dict[str, list[tuple]]:
    conn = connect(settings, read_only=True)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in DATA_TABLES}
    finally:
        conn.close()


def test_load_stores_posts_assessments_and_queues_flagged_posts(settings: Settings, db: duckdb.DuckDBPyConnection):
    assert db.execute("SELECT count(*) FROM posts").fetchone()[0] == 8
    assert db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 8
    assert db.execute("SELECT count(*) FROM comments").fetchone()[0] == 8
    benign = db.execute("SELECT count(*) FROM assessments WHERE label = 'benign'").fetchone()[0]
    assert db.execute("SELECT count(*) FROM review_items").fetchone()[0] == 8 - benign
    assert {r[0] for r in db.execute("SELECT status FROM review_items").fetchall()} == {"new"}
    texts = [r[0] for r in db.execute("SELECT text_redacted FROM posts").fetchall()]
    assert all("+44" not in t for t in texts)


def test_reloading_the_same_run_changes_nothing(settings: Settings, loaded: Path) -> None:
    before = snapshot(settings)
    stats = load_run(settings, loaded)
    assert (stats.posts_new, stats.posts_edited, stats.assessments_new, stats.review_items_new) == (0, 0, 0, 0)
    assert snapshot(settings) == before


def test_an_edited_post_updates_its_row_and_keeps_its_history(settings: Settings, loaded: Path, tmp_path: Path):
    original = sample_rows(8)[0]
    edited = post("telegram", 1000, SMUGGLING_TEXT.format(contact=token("PHONE", 999)) + " Last seats!",
                  crawled_at=T0 + timedelta(days=1))  # fmt: skip
    stats = load_run(settings, write_run(tmp_path / "runs" / "run-2", [edited]))
    assert (stats.posts_new, stats.posts_edited) == (0, 1)
    conn = connect(settings, read_only=True)
    try:
        row = conn.execute(
            "SELECT text_redacted, content_hash, version, first_seen, last_seen FROM posts WHERE post_key = ?",
            [original["post_key"]],
        ).fetchone()
        history = conn.execute(
            "SELECT content_hash FROM post_versions WHERE post_key = ? ORDER BY captured_at", [original["post_key"]]
        ).fetchall()
        item_hash = conn.execute(
            "SELECT content_hash FROM review_items WHERE post_key = ?", [original["post_key"]]
        ).fetchone()[0]
    finally:
        conn.close()
    assert row[0].endswith("Last seats!")
    assert row[1] == edited["content_hash"] == item_hash
    assert row[2] == 2
    assert (row[3], row[4]) == (T0, T0 + timedelta(days=1))
    assert [h[0] for h in history] == [original["content_hash"], edited["content_hash"]]


def test_an_older_capture_loaded_late_does_not_revert_a_post(settings: Settings, loaded: Path, tmp_path: Path):
    newer = post("telegram", 1000, "Trip from Libya to Malta, new price", crawled_at=T0 + timedelta(days=2))
    load_run(settings, write_run(tmp_path / "runs" / "run-3", [newer]))
    load_run(settings, loaded)  # the first run again, older captures
    conn = connect(settings, read_only=True)
    try:
        text, versions = conn.execute(
            "SELECT text_redacted, version FROM posts WHERE post_key = ?", [newer["post_key"]]
        ).fetchone()
    finally:
        conn.close()
    assert (text, versions) == ("Trip from Libya to Malta, new price", 2)


def test_decisions_survive_later_loads(settings: Settings, loaded: Path, tmp_path: Path) -> None:
    conn = connect(settings)
    try:
        item = list_items(conn, limit=1)[0]
        decide(conn, item.item_id, "alice", "confirm")
    finally:
        conn.close()
    rows = sample_rows(8, crawled_at=T0 + timedelta(days=1))
    rows[0]["text_redacted"] += " edited"
    rows[0]["content_hash"] = "e" * 64
    load_run(settings, write_run(tmp_path / "runs" / "run-4", rows))
    load_run(settings, write_run(tmp_path / "runs" / "run-4", rows))
    conn = connect(settings, read_only=True)
    try:
        decisions = conn.execute("SELECT item_id, username, decision FROM decisions").fetchall()
        status = conn.execute("SELECT status FROM review_items WHERE item_id = ?", [item.item_id]).fetchone()[0]
    finally:
        conn.close()
    assert decisions == [(item.item_id, "alice", "confirm")]
    assert status == "needs_second"


def test_sealed_originals_go_to_the_vault_when_redaction_has_migrated_it(settings: Settings, loaded: Path):
    conn = connect(settings, read_only=True)
    try:
        rows = conn.execute("SELECT object_id, sha256 FROM vault ORDER BY object_id").fetchall()
    finally:
        conn.close()
    expected = sorted((f"{r['post_key']}@{r['content_hash']}", r["vault_sha256"]) for r in sample_rows(8))
    assert rows == expected


def test_each_source_batch_of_new_versions_gets_one_collection_audit_entry(
    settings: Settings, loaded: Path, tmp_path: Path
) -> None:
    load_run(settings, loaded)  # a reload stores nothing new, so it is not audited again
    edited = post(
        "telegram", 1000, SMUGGLING_TEXT.format(contact=token("PHONE", 5)) + "!", crawled_at=T0 + timedelta(1)
    )
    load_run(settings, write_run(tmp_path / "runs" / "run-2", [edited]))
    conn = connect(settings, read_only=True)
    try:
        assert audit.available(conn)
        rows = conn.execute(
            """SELECT object_id, actor, (details ->> 'post_versions')::INTEGER FROM audit_log
               WHERE operation = 'collection' ORDER BY seq"""
        ).fetchall()
        combinations = conn.execute(
            "SELECT object_id FROM audit_log WHERE operation = 'combination' ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()
    per_source: dict[str, int] = {}
    for row in sample_rows(8):
        per_source[f"{row['platform']}:{row['source']}"] = per_source.get(f"{row['platform']}:{row['source']}", 0) + 1
    expected = [(f"run-1/{name}", "system:loader", n) for name, n in sorted(per_source.items())]
    assert rows == [*expected, ("run-2/telegram:chan", "system:loader", 1)]
    assert combinations == [("run-1",), ("run-2",)]  # clusters recomputed on each load that stored new versions


def test_loading_an_empty_run_directory_is_harmless(settings: Settings, loaded: Path, tmp_path: Path) -> None:
    empty = tmp_path / "runs" / "empty"
    empty.mkdir(parents=True)
    before = snapshot(settings)
    stats = load_run(settings, empty)
    assert stats.posts_in == 0
    assert snapshot(settings) == before


def test_optional_columns_may_be_missing_but_required_ones_are_named(settings: Settings, tmp_path: Path) -> None:
    rows = sample_rows(4)
    full = to_table(rows, REDACTED_SCHEMA)
    slim = full.drop_columns(
        ["comments", "entities", "vault_nonce", "vault_ciphertext", "vault_key_id", "vault_sha256"]
    )
    run = tmp_path / "runs" / "slim"
    (run / "redacted").mkdir(parents=True)
    pq.write_table(slim, run / "redacted" / "part.parquet")
    assert load_run(settings, run).posts_new == 4

    broken = tmp_path / "runs" / "broken"
    (broken / "redacted").mkdir(parents=True)
    pq.write_table(slim.drop_columns(["content_hash"]), broken / "redacted" / "part.parquet")
    with pytest.raises(ValueError, match=r"lacks the required column.*'content_hash'"):
        load_run(settings, broken)


def _item(settings: Settings, post_key: str) -> tuple[int, str, str]:
    conn = connect(settings, read_only=True)
    try:
        return conn.execute(
            "SELECT item_id, status, content_hash FROM review_items WHERE post_key = ?", [post_key]
        ).fetchone()
    finally:
        conn.close()


def _edit(settings: Settings, tmp_path: Path, row: dict, text: str, run: str, label: str | None = None) -> dict:
    edited = post(row["platform"], row["native_id"], text, lang=row["lang"], crawled_at=T0 + timedelta(days=1))
    load_run(settings, write_run(tmp_path / "runs" / run, [edited], labels=[label] if label else None))
    return edited


def test_a_rejected_post_edited_into_an_offer_goes_back_to_the_queue_and_is_audited(
    settings: Settings, loaded: Path, tmp_path: Path
) -> None:
    row = sample_rows(8)[0]  # a smuggling offer, queued
    item_id = _item(settings, row["post_key"])[0]
    conn = connect(settings)
    try:
        assert decide(conn, item_id, "alice", "reject", reason="not an offer").status == "rejected"
    finally:
        conn.close()
    edited = _edit(settings, tmp_path, row, SMUGGLING_TEXT.format(contact=token("PHONE", 7)) + " Seats left", "r2")
    assert _item(settings, row["post_key"]) == (item_id, "new", edited["content_hash"])
    conn = connect(settings)
    try:
        assert decide(conn, item_id, "alice", "confirm").status == "needs_second"  # her old reject no longer counts
        kept = [(d["decision"], d["earlier_text"]) for d in decisions_of(conn, item_id)]
        assert kept == [("reject", True), ("confirm", False)]  # history is kept, marked by the text it was about
        reopened = conn.execute(
            "SELECT details->>'was' FROM audit_log WHERE object_id = ? AND details->>'reopened' IS NOT NULL",
            [str(item_id)],
        ).fetchall()
    finally:
        conn.close()
    assert reopened == [("rejected",)]


def test_a_confirmation_counts_only_for_the_text_it_confirmed(settings: Settings, loaded: Path, tmp_path: Path):
    row = sample_rows(8)[1]  # document fraud, queued
    item_id = _item(settings, row["post_key"])[0]
    conn = connect(settings)
    try:
        decide(conn, item_id, "alice", "confirm")
    finally:
        conn.close()
    _edit(settings, tmp_path, row, FRAUD_TEXT.format(contact=token("HANDLE", 9)) + " New stock", "r2")
    assert _item(settings, row["post_key"])[1] == "new"
    conn = connect(settings)
    try:
        # bob's confirmation alone cannot make the new text referable: alice confirmed different text
        assert decide(conn, item_id, "bob", "confirm").status == "needs_second"
        assert decide(conn, item_id, "alice", "confirm").status == "referable"
    finally:
        conn.close()


def test_a_rejected_post_edited_but_still_benign_stays_rejected(settings: Settings, loaded: Path, tmp_path: Path):
    row = sample_rows(8)[0]
    item_id = _item(settings, row["post_key"])[0]
    conn = connect(settings)
    try:
        decide(conn, item_id, "alice", "reject", reason="not an offer")
    finally:
        conn.close()
    _edit(settings, tmp_path, row, "Boat trip round the bay on Sunday, families welcome", "r2", label="benign")
    assert _item(settings, row["post_key"])[1] == "rejected"
