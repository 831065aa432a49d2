"""Referral export: only human-confirmed items, schema-valid JSON, safe CSV, no raw identifiers, all-or-nothing."""

from __future__ import annotations

import csv
import errno
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from smugglewatch.settings import Settings
from warehouse import export as export_mod
from warehouse.db import connect
from warehouse.export import (
    ExportError,
    build_explanation,
    export_referrals,
    record_outcome,
    safe_cell,
    scrub,
    to_csv,
)
from warehouse.queue import decide, get_item, list_items

SCHEMA = Path(export_mod.__file__).parent / "schemas" / "referral-v1.schema.json"
RAW_NOTE = "Seller also uses +44 7700 900123, dealer@example.com and @smuggle_boss; see https://t.me/boss_2"


def confirm_items(settings: Settings, n: int, *, supervisor: bool = False) -> list[int]:
    """Two analysts (or analyst + supervisor) confirm the first n items."""
    conn = connect(settings)
    try:
        ids = [i.item_id for i in list_items(conn, limit=n)]
        for item in ids:
            decide(conn, item, "alice", "confirm", note=RAW_NOTE)
            decide(conn, item, "sue" if supervisor else "bob", "approve" if supervisor else "confirm")
    finally:
        conn.close()
    return ids


def read_json_files(out: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(out.glob("*.json"))]


def test_export_writes_schema_valid_files_for_confirmed_items_only(settings: Settings, loaded: Path, tmp_path: Path):
    confirmed = confirm_items(settings, 3)
    conn = connect(settings)
    try:
        single = next(i.item_id for i in list_items(conn, limit=10, status="new"))
        decide(conn, single, "alice", "confirm")  # only one pair of eyes: must not be exported
    finally:
        conn.close()
    out = tmp_path / "out"
    result = export_referrals(settings, out)
    documents = read_json_files(out)
    schema = json.loads(SCHEMA.read_text())
    for document in documents:
        jsonschema.Draft202012Validator(schema).validate(document)
        assert {r["platform"] for r in document["referrals"]} == {document["platform"]}
    referrals = [r for d in documents for r in d["referrals"]]
    assert result.referrals == len(referrals) == 3
    assert sorted(int(r["referral_id"].rsplit("-", 1)[1]) for r in referrals) == sorted(confirmed)
    assert all(r["human_reviewed"] and r["automated_detection_used"] for r in referrals)
    assert all(r["issuing_unit"] == {"name": settings.unit_name, "contact": settings.unit_contact} for r in referrals)
    assert all(len(r["evidence_sha256"]) == 64 and len(r["explanation"]) <= 2000 for r in referrals)
    assert sorted(p.suffix for p in out.iterdir()) == sorted([".json", ".csv"] * len(documents))
    conn = connect(settings, read_only=True)
    try:
        assert {get_item(conn, i).status for i in confirmed} == {"referred"}
        assert get_item(conn, single).status == "needs_second"
        assert conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 3
    finally:
        conn.close()


def test_evidence_hash_is_the_vaults_hash_of_the_capture(settings: Settings, loaded: Path, tmp_path: Path) -> None:
    confirm_items(settings, 1)
    export_referrals(settings, tmp_path / "out")
    referral = read_json_files(tmp_path / "out")[0]["referrals"][0]
    conn = connect(settings, read_only=True)
    try:
        vault_hashes = {r[0] for r in conn.execute("SELECT sha256 FROM vault").fetchall()}
    finally:
        conn.close()
    assert referral["evidence_sha256"] in vault_hashes


def test_exports_contain_no_raw_identifier_or_placeholder(settings: Settings, loaded: Path, tmp_path: Path) -> None:
    confirm_items(settings, 4, supervisor=True)
    export_referrals(settings, tmp_path / "out")
    for path in (tmp_path / "out").iterdir():
        text = path.read_text(encoding="utf-8-sig")
        for raw in ("7700", "900123", "dealer@", "example.com", "smuggle_boss", "boss_2", "⟨", "PHONE:"):
            assert raw not in text, f"{raw!r} leaked into {path.name}"
    explanation = read_json_files(tmp_path / "out")[0]["referrals"][0]["explanation"]
    assert "Analyst note: Seller also uses" in explanation


def test_items_already_referred_are_not_referred_again_until_due(settings: Settings, loaded: Path, tmp_path: Path):
    confirm_items(settings, 2)
    first = export_referrals(settings, tmp_path / "one")
    assert first.referrals == 2
    assert export_referrals(settings, tmp_path / "two").referrals == 0
    ids = [r["referral_id"] for d in read_json_files(tmp_path / "one") for r in d["referrals"]]
    conn = connect(settings)
    try:
        record_outcome(conn, ids[0], "removed")
        record_outcome(conn, ids[1], "no_action")
    finally:
        conn.close()
    later = datetime.now(UTC) + timedelta(days=31)
    again = export_referrals(settings, tmp_path / "three", now=later)
    assert again.referrals == 1
    referral = read_json_files(tmp_path / "three")[0]["referrals"][0]
    assert referral["re_referral"] is True
    assert referral["previous_referral_id"] == ids[1]


def test_a_full_disk_leaves_no_file_and_marks_nothing_as_referred(
    settings: Settings, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = confirm_items(settings, 4)
    real_write = export_mod._write_bytes
    calls = []

    def disk_fills_up(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:  # the second platform's JSON: half of it lands, then ENOSPC
            path.write_bytes(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(export_mod, "_write_bytes", disk_fills_up)
    out = tmp_path / "out"
    with pytest.raises(ExportError, match=r"No space left on device.*no item was marked as referred"):
        export_referrals(settings, out)
    assert list(out.iterdir()) == []
    conn = connect(settings, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM referral_batches").fetchone()[0] == 0
        assert {get_item(conn, i).status for i in ids} == {"referable"}
        disclosures = conn.execute("SELECT count(*) FROM audit_log WHERE operation = 'disclosure'").fetchone()[0]
    finally:
        conn.close()
    assert disclosures == 0
    monkeypatch.setattr(export_mod, "_write_bytes", real_write)
    assert export_referrals(settings, out).referrals == 4  # space freed: the same export now succeeds


def test_each_referral_is_audited_as_a_disclosure_to_its_platform(settings: Settings, loaded: Path, tmp_path: Path):
    confirm_items(settings, 3)
    export_referrals(settings, tmp_path / "out")
    referrals = {r["referral_id"]: r["platform"] for d in read_json_files(tmp_path / "out") for r in d["referrals"]}
    conn = connect(settings, read_only=True)
    try:
        rows = conn.execute(
            "SELECT recipient, details ->> 'referral_id' FROM audit_log WHERE operation = 'disclosure'"
        ).fetchall()
    finally:
        conn.close()
    assert {ref: recipient for recipient, ref in rows} == referrals


def test_platform_option_exports_one_platform(settings: Settings, loaded: Path, tmp_path: Path) -> None:
    confirm_items(settings, 5)
    result = export_referrals(settings, tmp_path / "out", platform="telegram")
    assert set(result.by_platform) <= {"telegram"}
    assert {d["platform"] for d in read_json_files(tmp_path / "out")} <= {"telegram"}


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("＝1+1", "'＝1+1"),
        ("https://t.example.org/x/1", "https://t.example.org/x/1"),
        (True, "true"),
    ],
)
def test_csv_cells_cannot_start_a_formula(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def test_exported_csv_neutralises_formulas_in_every_column(settings: Settings, loaded: Path, tmp_path: Path):
    confirm_items(settings, 1)
    export_referrals(settings, tmp_path / "out")
    referral = read_json_files(tmp_path / "out")[0]["referrals"][0]
    hostile = {**referral, "explanation": "=cmd|' /C calc'!A0", "urls": ["=HYPERLINK(1)"], "category": "+x"}
    rows = list(csv.DictReader(to_csv([referral, hostile]).decode("utf-8-sig").splitlines()))
    assert rows[0]["referral_id"] == referral["referral_id"]
    assert (rows[1]["explanation"], rows[1]["urls"], rows[1]["category"]) == (
        "'=cmd|' /C calc'!A0",
        "'=HYPERLINK(1)",
        "'+x",
    )
    written = next((tmp_path / "out").glob("*.csv")).read_text(encoding="utf-8-sig")
    assert written.startswith('"referral_id","schema_version"')


def test_explanation_is_capped_and_scrubbed() -> None:
    text = build_explanation("smuggling_offer", ["route", "price"], {"route": ["Libya → Italy"]}, ["x " * 3000])
    assert len(text) <= 2000
    assert scrub("call ⟨PHONE:k1:0a0b0c0d⟩ or 0044 7700 900 555, mail a.b@example.org") == (
        "call or [removed], mail [removed]"
    )


def test_posts_the_platform_already_deleted_are_not_referred(settings: Settings, loaded: Path, tmp_path: Path):
    from warehouse.load import mark_deleted

    ids = confirm_items(settings, 2)
    conn = connect(settings)
    try:
        gone = get_item(conn, ids[0]).post_key
        assert mark_deleted(conn, [gone]) == 1
        assert mark_deleted(conn, [gone]) == 0  # already marked
    finally:
        conn.close()
    result = export_referrals(settings, tmp_path / "out")
    assert result.referrals == 1
    documents = read_json_files(tmp_path / "out")
    assert [int(r["referral_id"].rsplit("-", 1)[1]) for d in documents for r in d["referrals"]] == [ids[1]]


def test_an_item_marked_referable_without_two_pairs_of_eyes_is_not_exported(
    settings: Settings, loaded: Path, tmp_path: Path
) -> None:
    """Defence in depth: the export re-checks the decisions, not only the item's status."""
    conn = connect(settings)
    try:
        item = list_items(conn, limit=1)[0].item_id
        decide(conn, item, "alice", "confirm")
        conn.execute(
            "UPDATE review_items SET status = 'referable', final_label = model_label WHERE item_id = ?", [item]
        )
    finally:
        conn.close()
    assert export_referrals(settings, tmp_path / "out").referrals == 0
