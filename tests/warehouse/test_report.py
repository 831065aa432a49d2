"""The transparency summary: the right counts, and nothing but counts."""

from __future__ import annotations

import json
from pathlib import Path

from smugglewatch.settings import Settings
from tests.warehouse.runs import sample_rows
from warehouse.db import connect
from warehouse.export import export_referrals, record_outcome
from warehouse.queue import decide, list_items
from warehouse.report import build_report, write_report


def test_report_counts_by_platform_language_category_decision_and_outcome(
    settings: Settings, loaded: Path, tmp_path: Path
) -> None:
    conn = connect(settings)
    try:
        items = list_items(conn, limit=3)
        for item in items[:2]:
            decide(conn, item.item_id, "alice", "confirm")
            decide(conn, item.item_id, "bob", "confirm")
        decide(conn, items[2].item_id, "alice", "reject", reason="news")
    finally:
        conn.close()
    result = export_referrals(settings, tmp_path / "ref")
    conn = connect(settings)
    try:
        first_ref = conn.execute("SELECT referral_id FROM referrals ORDER BY referral_id LIMIT 1").fetchone()[0]
        record_outcome(conn, first_ref, "removed")
        report = build_report(conn)
    finally:
        conn.close()
    assert report["totals"]["posts"] == 8
    assert report["by_decision"] == {"confirm": 4, "reject": 1}
    assert report["by_outcome"] == {"pending": 1, "removed": 1}
    assert sum(v.get("referred", 0) for v in report["by_platform"].values()) == result.referrals == 2
    assert sum(v.get("posts", 0) for v in report["by_language"].values()) == 8
    assert set(report["by_category"]) <= {"smuggling_offer", "document_fraud"}
    assert report["by_status"]["rejected"] == 1

    paths = write_report(report, tmp_path / "rep")
    text = "".join(p.read_text() for p in paths)
    for row in sample_rows(8):
        assert row["post_key"] not in text and row["url"] not in text and row["text_redacted"] not in text
    assert json.loads((tmp_path / "rep" / "report.json").read_text()) == report
    html = (tmp_path / "rep" / "report.html").read_text()
    assert (
        html.count("<svg") == 7
        and "<script" not in html
        and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    )
