"""The end-of-batch summary: what landed in the warehouse, with no personal data."""

from __future__ import annotations

import click

from smugglewatch.settings import Settings


def batch_summary(settings: Settings) -> dict:
    """Counts from the warehouse: posts per platform, flags per label and language, queue and clusters."""
    from warehouse.db import connect

    with connect(settings, read_only=True) as conn:
        posts = dict(conn.execute("SELECT platform, count(*) FROM posts GROUP BY 1 ORDER BY 1").fetchall())
        flagged = conn.execute(
            """
            SELECT r.model_label, coalesce(p.lang, 'und'), count(*)
            FROM review_items r JOIN posts p USING (post_key)
            GROUP BY 1, 2 ORDER BY 1, 2
            """
        ).fetchall()
        queue = conn.execute(
            "SELECT count(*) FROM review_items WHERE status IN ('new', 'needs_second', 'escalated')"
        ).fetchone()[0]
        clusters = conn.execute(
            "SELECT count(*) FROM (SELECT cluster_id FROM post_clusters GROUP BY 1 HAVING count(*) > 1)"
        ).fetchone()[0]
    by_label: dict[str, dict[str, int]] = {}
    for label, lang, count in flagged:
        by_label.setdefault(label, {})[lang] = count
    return {"posts": posts, "flagged": by_label, "queue": queue, "clusters": clusters}


def print_summary(settings: Settings) -> None:
    """Print the summary and how to go on from here."""
    summary = batch_summary(settings)
    click.echo("\nposts in the warehouse, per platform:")
    for platform, count in summary["posts"].items():
        click.echo(f"  {platform:12} {count}")
    click.echo("flagged, per label and language:")
    for label, langs in summary["flagged"].items():
        detail = ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items()))
        click.echo(f"  {label:16} {sum(langs.values()):5}  ({detail})")
    click.echo(f"review queue: {summary['queue']} items open; linked-advert clusters: {summary['clusters']}")
    click.echo(f"warehouse: {settings.duckdb_path}")
    click.echo("review app: .venv/bin/smugglewatch users add <name> --role analyst, then .venv/bin/smugglewatch review")
    click.echo("            and open http://127.0.0.1:8080")
