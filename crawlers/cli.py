"""``smugglewatch crawl``: run the configured spiders outside Airflow, or parse one URL (even ``file://``)."""

from __future__ import annotations

from pathlib import Path

import click

from smugglewatch.cli_support import fail, writable_dir


@click.command()
@click.option(
    "--source", "sources", multiple=True, metavar="NAME",
    help="Crawl only this configured source, e.g. telegram:med_crossing_line (repeatable). Default: all.",
)  # fmt: skip
@click.option(
    "--platform", type=click.Choice(["telegram", "group", "classifieds", "mastodon"]),
    help="With --start-url: the page shape of that URL.",
)  # fmt: skip
@click.option(
    "--start-url", help="Crawl this one URL (http(s):// or file:// of a saved page) instead of configured sources."
)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Directory for the JSONL files.")
@click.option("--quiet", is_flag=True, help="No progress lines; print only the summary.")
def crawl(sources: tuple[str, ...], platform: str | None, start_url: str | None, out_dir: Path, quiet: bool) -> None:
    """Collect public posts into one JSON Lines file per source (incremental between runs)."""
    from crawlers.run import CrawlError, adhoc_source
    from crawlers.run import crawl as run_crawl
    from smugglewatch.settings import get_settings

    if bool(platform) != bool(start_url):
        fail("--platform and --start-url go together", "e.g. --platform telegram --start-url file:///path/page.html")
    if start_url and sources:
        fail("use either --source or --start-url, not both")
    writable_dir(out_dir, "--out")
    settings = get_settings()
    try:
        if start_url:
            spec = adhoc_source(platform or "", start_url)
            stats = run_crawl(settings, out_dir=out_dir, specs=[spec], incremental=False, progress=not quiet)
        else:
            stats = run_crawl(settings, list(sources) or None, out_dir=out_dir, progress=not quiet)
    except CrawlError as exc:
        fail(str(exc))
    for source in stats.sources:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(source.errors.items())) or "none"
        click.echo(
            f"{source.source}: {source.posts} new/changed posts, {source.unchanged} unchanged, "
            f"{len(source.deleted)} deleted, {source.pages} pages, errors: {errors}"
        )
    click.echo(
        f"crawled {stats.pages} pages, {stats.posts} posts in {stats.duration_s:.1f}s "
        f"({stats.pages_per_s:.0f} pages/s) into {out_dir}"
    )
