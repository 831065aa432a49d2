"""The main job behind ``make run``: one full batch on embedded defaults."""

from __future__ import annotations

import click

from smugglewatch.settings import get_settings


def ensure_corpus() -> dict:
    """Generate the default corpus unless one with the configured size and seed already exists."""
    import json

    from fixtures.generator import MANIFEST_FILE, generate, write_corpus

    settings = get_settings()
    manifest_path = settings.corpus_dir / MANIFEST_FILE
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest["posts"] == settings.fixture_posts and manifest["seed"] == settings.corpus_seed:
            return manifest
    click.echo(f"generating the corpus: {settings.fixture_posts} posts, seed {settings.corpus_seed}")
    return write_corpus(
        generate(settings.fixture_posts, settings.corpus_seed), settings.corpus_dir, settings.corpus_seed
    )


@click.command("run")
def run_command() -> None:
    """Run one full batch on embedded defaults (what `make run` does)."""
    manifest = ensure_corpus()
    click.echo(
        f"corpus: {manifest['posts']} posts, {len(manifest['languages'])} languages, sha256 {manifest['sha256'][:12]}"
    )
