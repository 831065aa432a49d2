"""The transparency summary: aggregate counts only (no text, no URLs, no identifiers), as JSON and an HTML chart."""

from __future__ import annotations

import html
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

REPORT_VERSION = "report-v1"


def _grouped(conn: duckdb.DuckDBPyConnection, sql: str) -> dict[str, dict[str, int]]:
    """Rows of (group, measure, count) into {group: {measure: count}}."""
    out: dict[str, dict[str, int]] = {}
    for group, measure, count in conn.execute(sql).fetchall():
        out.setdefault(str(group), {})[measure] = int(count)
    return dict(sorted(out.items()))


def _simple(conn: duckdb.DuckDBPyConnection, sql: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in conn.execute(sql).fetchall()}


def build_report(conn: duckdb.DuckDBPyConnection, now: datetime | None = None) -> dict[str, Any]:
    """Counts by platform, language, category, decision and outcome."""
    per_dim = """
        SELECT {dim}, 'posts', count(*) FROM posts p GROUP BY 1
        UNION ALL SELECT {dim}, 'flagged', count(*) FROM review_items r JOIN posts p USING (post_key) GROUP BY 1
        UNION ALL SELECT {dim}, 'confirmed', count(*) FROM review_items r JOIN posts p USING (post_key)
                  WHERE r.status IN ('referable', 'referred') GROUP BY 1
        UNION ALL SELECT {dim}, 'referred', count(DISTINCT f.item_id) FROM referrals f JOIN posts p USING (post_key)
                  GROUP BY 1
    """
    return {
        "report_version": REPORT_VERSION,
        "generated_at": (now or datetime.now(UTC)).isoformat(),
        "totals": _simple(
            conn,
            """SELECT 'posts', count(*) FROM posts UNION ALL SELECT 'flagged', count(*) FROM review_items
               UNION ALL SELECT 'decisions', count(*) FROM decisions
               UNION ALL SELECT 'referrals', count(*) FROM referrals
               UNION ALL SELECT 'referral_batches', count(*) FROM referral_batches""",
        ),
        "by_platform": _grouped(conn, per_dim.format(dim="p.platform")),
        "by_language": _grouped(conn, per_dim.format(dim="coalesce(p.lang, 'und')")),
        "by_category": _grouped(
            conn,
            """SELECT model_label, 'flagged', count(*) FROM review_items GROUP BY 1
               UNION ALL SELECT final_label, 'confirmed', count(*) FROM review_items
                         WHERE status IN ('referable', 'referred') GROUP BY 1
               UNION ALL SELECT category, 'referred', count(DISTINCT item_id) FROM referrals GROUP BY 1""",
        ),
        "by_status": _simple(conn, "SELECT status, count(*) FROM review_items GROUP BY 1 ORDER BY 1"),
        "by_decision": _simple(conn, "SELECT decision, count(*) FROM decisions GROUP BY 1 ORDER BY 1"),
        "by_outcome": _simple(
            conn, "SELECT coalesce(outcome, 'pending'), count(*) FROM referrals GROUP BY 1 ORDER BY 1"
        ),
    }


_BAR_COLOURS = {"posts": "#9aa5b1", "flagged": "#f0b429", "confirmed": "#e12d39", "referred": "#3e4c59"}


def _svg_bars(title: str, data: dict[str, Any]) -> str:
    """A horizontal bar chart as inline SVG (one bar per measure per group)."""
    rows = [
        (group, measure, count)
        for group, value in data.items()
        for measure, count in (value.items() if isinstance(value, dict) else [("count", value)])
    ]
    top = max((c for _, _, c in rows), default=1) or 1
    height, label_w, bar_w = 18, 260, 420
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 80}" '
        f'height="{height * len(rows) + 10}" role="img" aria-label="{html.escape(title)}">'
    ]
    for i, (group, measure, count) in enumerate(rows):
        y = i * height + 4
        width = max(1, round(bar_w * count / top)) if count else 0
        colour = _BAR_COLOURS.get(measure, "#486581")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" font-size="12">'
            f"{html.escape(str(group))} · {html.escape(measure)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{width}" height="{height - 4}" fill="{colour}"/>'
            f'<text x="{label_w + width + 4}" y="{y + 12}" font-size="12">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: dict[str, Any]) -> str:
    """A self-contained page (no scripts, no external resources)."""
    sections = [
        ("Totals", report["totals"]),
        ("By platform", report["by_platform"]),
        ("By language", report["by_language"]),
        ("By category", report["by_category"]),
        ("By review status", report["by_status"]),
        ("By decision", report["by_decision"]),
        ("By platform outcome", report["by_outcome"]),
    ]
    body = "".join(
        f"<section><h2>{html.escape(title)}</h2>{_svg_bars(title, data) if data else '<p>none</p>'}</section>"
        for title, data in sections
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>smugglewatch transparency summary</title>'
        "<style>body{font-family:sans-serif;margin:2em}h2{font-size:1.1em}</style></head><body>"
        f"<h1>smugglewatch transparency summary</h1><p>Generated {html.escape(report['generated_at'])}. "
        "Aggregate counts only.</p>"
        f"{body}</body></html>\n"
    )


def write_report(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """``report.json`` and ``report.html`` in ``out_dir``, each written atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n"),
        ("report.html", render_html(report)),
    ):
        path = out_dir / name
        tmp = out_dir / f".{name}.tmp"
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        written.append(path)
    return written
