"""``smugglewatch queue``, ``export``, ``report`` and ``db``: the warehouse from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from smugglewatch.cli_support import fail, writable_dir
from smugglewatch.settings import get_settings

PLATFORMS = ("telegram", "group", "classifieds", "mastodon")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the warehouse's own errors into clean CLI failures (their messages already say what to do)."""
    from warehouse.audit import AuditRefusedError
    from warehouse.db import WarehouseError
    from warehouse.export import ExportError
    from warehouse.queue import QueueError
    from warehouse.users import UserError

    try:
        yield
    except (WarehouseError, QueueError, UserError, ExportError, AuditRefusedError) as exc:
        fail(str(exc))


def _with_conn(fn: Callable[..., Any], read_only: bool = False) -> Any:
    from warehouse.db import session

    with _errors(), session(get_settings(), read_only=read_only) as conn:
        return fn(conn)


# --- queue --------------------------------------------------------------------------------------------------------


@click.group("queue")
def queue() -> None:
    """The review queue: list items, claim, decide (four-eyes), record platform outcomes."""


@queue.command("list")
@click.option("--platform", type=click.Choice(PLATFORMS), help="Only items from this platform.")
@click.option("--lang", help="Only items in this language (ISO 639-1, e.g. en).")
@click.option("--label", type=click.Choice(["smuggling_offer", "document_fraud", "benign"]), help="Only this label.")
@click.option(
    "--status",
    type=click.Choice(["new", "needs_second", "escalated", "referable", "rejected", "referred"]),
    help="Only items in this review status.",
)
@click.option("--min-score", type=float, help="Only items the model scored at least this high (0-1).")
@click.option("--cluster", "cluster_id", help="Only items of this linked-advert cluster.")
@click.option("--limit", type=int, default=20, show_default=True, help="How many items to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per item) instead of a table.")
def queue_list(as_json: bool, limit: int, **filters: Any) -> None:
    """List review items, highest priority first (redacted text only)."""
    from warehouse.queue import list_items

    filters = {k: v for k, v in filters.items() if v is not None}
    items = _with_conn(lambda conn: list_items(conn, limit=limit, **filters), read_only=True)
    if as_json:
        click.echo(json.dumps([i.as_dict() for i in items], ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("no items match")
        return
    click.echo(f"{'item':>6}  {'status':<12} {'label':<16} {'score':>5}  {'prio':>6}  {'clu':>3}  post")
    for i in items:
        click.echo(
            f"{i.item_id:>6}  {i.status:<12} {i.label:<16} {i.score:5.2f}  {i.priority:6.1f}  {i.cluster_size:>3}  "
            f"{i.post_key}"
        )


@queue.command("counts")
@click.option("--platform", type=click.Choice(PLATFORMS), help="Only items from this platform.")
@click.option("--lang", help="Only items in this language.")
def queue_counts(**filters: Any) -> None:
    """Print item counts by status, platform, label and language as JSON."""
    from warehouse.queue import counts

    filters = {k: v for k, v in filters.items() if v is not None}
    click.echo(json.dumps(_with_conn(lambda conn: counts(conn, **filters), read_only=True), indent=2))


@queue.command("claim")
@click.argument("item", type=int)
@click.option("--user", required=True, help="Your username (must exist in the users table).")
@click.option("--ttl", type=int, default=900, show_default=True, help="Seconds the claim lasts.")
def queue_claim(item: int, user: str, ttl: int) -> None:
    """Reserve ITEM for yourself so nobody else decides it meanwhile."""
    from warehouse.queue import claim

    expires = _with_conn(lambda conn: claim(conn, item, user, ttl))
    click.echo(f"item {item} claimed by {user} until {expires:%Y-%m-%d %H:%M:%S} UTC")


@queue.command("decide")
@click.argument("item", type=int)
@click.option("--user", required=True, help="Your username (must exist in the users table).")
@click.option(
    "--decision",
    required=True,
    type=click.Choice(["confirm", "reject", "escalate", "approve"]),
    help="confirm/reject/escalate; approve is for supervisors (approves another user's confirmation).",
)
@click.option("--label", type=click.Choice(["smuggling_offer", "document_fraud"]), help="Category you confirm.")
@click.option("--reason", help="Short reason (kept in the audit log).")
@click.option("--note", help="Note for the referral explanation; identifiers are stripped on export.")
def queue_decide(item: int, user: str, decision: str, label: str | None, reason: str | None, note: str | None) -> None:
    """Record a decision on ITEM; two confirmations (or a supervisor's approval) make it referable."""
    from warehouse.queue import decide

    result = _with_conn(lambda conn: decide(conn, item, user, decision, label=label, reason=reason, note=note))
    click.echo(f"item {item}: {decision} recorded (decision {result.decision_id}); status now {result.status}")


@queue.command("outcome")
@click.argument("referral")
@click.option(
    "--outcome",
    required=True,
    type=click.Choice(["removed", "restricted", "no_action", "rejected"]),
    help="What the platform did; no_action keeps the item due for re-referral.",
)
def queue_outcome(referral: str, outcome: str) -> None:
    """Record the platform's answer to REFERRAL (the id in the exported file)."""
    from warehouse.export import record_outcome

    _with_conn(lambda conn: record_outcome(conn, referral, outcome))
    click.echo(f"{referral}: outcome {outcome} recorded")


# --- export and report --------------------------------------------------------------------------------------------


@click.command("export")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Directory for the files.")
@click.option("--platform", type=click.Choice(PLATFORMS), help="Only referrals for this platform.")
@click.option("--re-referral-days", type=int, default=30, show_default=True, help="Days until re-referral is due.")
def export(out_dir: Path, platform: str | None, re_referral_days: int) -> None:
    """Write referral lists (JSON + CSV per platform) for human-confirmed items not yet referred."""
    from warehouse.export import export_referrals

    writable_dir(out_dir, "--out")
    with _errors():
        result = export_referrals(get_settings(), out_dir, platform, re_referral_days=re_referral_days)
    if not result.referrals:
        click.echo("nothing to refer: no confirmed item is waiting")
        return
    for plat, n in sorted(result.by_platform.items()):
        click.echo(f"{plat}: {n} referrals")
    for path in result.files:
        click.echo(f"  wrote {path}")


@click.command("report")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Write report.json and report.html here.")
def report(out_dir: Path | None) -> None:
    """Transparency summary: counts by platform, language, category, decision and outcome (no personal data)."""
    from warehouse.report import build_report, write_report

    data = _with_conn(build_report, read_only=True)
    if out_dir is None:
        click.echo(json.dumps(data, indent=2))
        return
    writable_dir(out_dir, "--out")
    for path in write_report(data, out_dir):
        click.echo(f"wrote {path}")


# --- db -----------------------------------------------------------------------------------------------------------


@click.group("db")
def db() -> None:
    """Warehouse maintenance: migrations, schema info, loading a run by hand."""


@db.command("migrate")
def db_migrate() -> None:
    """Create the warehouse or bring its schema up to date (forward-only, idempotent)."""
    from warehouse.db import session
    from warehouse.migrations import info, migrate

    with _errors(), session(get_settings(), apply_migrations=False) as conn:
        applied = migrate(conn)
        current = info(conn)["current"]
    click.echo(f"applied {applied}; schema version {current}" if applied else f"up to date (version {current})")


@db.command("info")
def db_info() -> None:
    """Print the schema version, pending migrations and table sizes as JSON."""
    from warehouse.migrations import info

    def collect(conn: Any) -> dict[str, Any]:
        data = info(conn)
        tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        data["tables"] = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        data["path"] = str(get_settings().duckdb_path)
        return data

    click.echo(json.dumps(_with_conn(collect, read_only=True), indent=2))


@db.command("load")
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def db_load(run_dir: Path) -> None:
    """Load one run directory (redacted/ and classified/ Parquet files) into the warehouse."""
    from warehouse.load import load_run

    with _errors():
        stats = load_run(get_settings(), run_dir)
    click.echo(json.dumps(stats.as_dict(), indent=2))
