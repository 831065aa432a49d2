"""The main job behind ``make run``: one full batch on embedded defaults, offline, in minutes.

Steps: make sure the corpus and a classifier exist (training one with progress if not), start the fixture site,
run the ``smuggling_monitor`` DAG once with ``airflow dags test`` (or the same stages in-process with
``--no-airflow``), stop the site and print what landed in the warehouse.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import click

from smugglewatch.cli_support import fail
from smugglewatch.settings import Settings, get_settings


def ensure_corpus(settings: Settings | None = None) -> dict:
    """Generate the default corpus unless one with the configured size and seed already exists."""
    from fixtures.generator import MANIFEST_FILE, generate, write_corpus

    settings = settings or get_settings()
    manifest_path = settings.corpus_dir / MANIFEST_FILE
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest["posts"] == settings.fixture_posts and manifest["seed"] == settings.corpus_seed:
            return manifest
    click.echo(f"generating the corpus: {settings.fixture_posts} posts, seed {settings.corpus_seed}")
    posts = generate(settings.fixture_posts, settings.corpus_seed)
    return write_corpus(posts, settings.corpus_dir, settings.corpus_seed)


def ensure_model(settings: Settings) -> Path:
    """The current classifier directory; trains the default model first (with progress) if there is none."""
    from classifiers.model import current_model_dir
    from classifiers.train import train_default_model

    current = current_model_dir(settings)
    if current is not None:
        return current
    click.echo("no classifier yet: training the default model (one-off, a few minutes on 2 cores)")
    return train_default_model(settings)


def run_batch(settings: Settings, run_dir: Path, echo: bool = True) -> dict:
    """All stages in-process, source by source, then one load: what the DAG does, without Airflow."""
    from smugglewatch import stages

    results = []
    for source in stages.configured_sources(settings):
        try:
            crawled = stages.crawl_stage(source, run_dir, settings)
        except stages.SourceFailed as exc:
            click.echo(f"  ALERT {exc}", err=True)
            continue
        detected = stages.language_stage(crawled)
        results.append(stages.classify_stage(stages.redact_stage(detected, settings), settings))
        if echo:
            click.echo(f"  {source:40} {crawled['posts']:6d} posts")
    loaded = stages.load_stage(run_dir, results, settings)
    return stages.refresh_stage(loaded, settings)


def _site_address(settings: Settings) -> tuple[str, int]:
    url = urlparse(settings.fixture_site_url)
    return url.hostname or "127.0.0.1", url.port or 80


@click.command("run")
@click.option("--no-airflow", is_flag=True, help="Run the stages in-process instead of via `airflow dags test`.")
@click.option(
    "--logical-date",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]),
    default=None,
    help="Data interval to run (default: the current hour, UTC). Re-running an interval adds nothing.",
)
def run_command(no_airflow: bool, logical_date: datetime | None) -> None:
    """Run one full batch on embedded defaults (what `make run` does)."""
    from fixtures.site import start_site
    from smugglewatch.stages import run_dir_for_interval
    from smugglewatch.summary import print_summary

    settings = get_settings()
    started = time.perf_counter()
    manifest = ensure_corpus(settings)
    click.echo(f"corpus: {manifest['posts']} posts in {len(manifest['languages'])} languages ({settings.corpus_dir})")
    model = ensure_model(settings)
    click.echo(f"classifier: {model}")
    when = (logical_date or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0, tzinfo=UTC)
    host, port = _site_address(settings)
    try:
        site = start_site(settings.corpus_dir, host=host, port=port)
    except OSError as exc:
        fail(
            f"cannot start the fixture site on {host}:{port}: {exc.strerror or exc}",
            "stop what uses that port, or set SMUGGLEWATCH_FIXTURE_SITE_URL to another address",
        )
    with site:
        click.echo(f"fixture site: {site.url}")
        if no_airflow:
            run_batch(settings, run_dir_for_interval("smuggling_monitor", when, settings))
        else:
            _run_with_airflow(settings, when)
    print_summary(settings)
    click.echo(f"done in {time.perf_counter() - started:.0f}s")


def _run_with_airflow(settings: Settings, when: datetime) -> None:
    from smugglewatch.airflow_runner import AirflowRunError, dag_run_state, dags_test

    click.echo(f"running DAG smuggling_monitor for {when:%Y-%m-%d %H:00} UTC with `airflow dags test` ...")
    try:
        log_path = dags_test("smuggling_monitor", when, settings)
    except AirflowRunError as exc:
        fail(str(exc))
    state = dag_run_state(log_path)
    click.echo(f"DAG run {state}; log: {log_path}")
    if state != "success":
        click.echo("  some source failed: see ALERT lines in the log; the other sources were loaded", err=True)
