"""Per-source incremental state: round trip, atomic writes, and a damaged file costing only a full re-crawl."""

from __future__ import annotations

import json
from pathlib import Path

from crawlers.state import SeenPost, SourceState, load_state, save_state, state_path


def test_state_round_trips_without_any_post_text(tmp_path: Path) -> None:
    state = SourceState(
        source="group:expats-marketplace",
        posts={"1000000000007": SeenPost(hash="ab" * 32, published_at="2026-11-01T10:00:00+00:00", url="http://h/p/7")},
        mark="2026-11-01T10:00:00+00:00",
        last_run_at="2026-11-27T20:00:00+00:00",
    )
    path = save_state(tmp_path, state)

    assert path == tmp_path / "crawl_state" / "group__expats-marketplace.json"
    assert load_state(tmp_path, "group:expats-marketplace") == state
    assert set(json.loads(path.read_text())["posts"]["1000000000007"]) == {"hash", "published_at", "url", "replies"}
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind


def test_missing_or_damaged_state_means_a_first_run(tmp_path: Path) -> None:
    assert load_state(tmp_path, "telegram:chan") == SourceState(source="telegram:chan")
    path = state_path(tmp_path, "telegram:chan")
    path.parent.mkdir(parents=True)
    path.write_text('{"source": "telegram:chan", "posts": {"1": {"ha')  # cut short by a crash or a full disk

    assert load_state(tmp_path, "telegram:chan") == SourceState(source="telegram:chan")
