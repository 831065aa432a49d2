"""Per-source incremental state, ``<data_dir>/crawl_state/<source>.json``: what a later run may skip.

For every post seen it keeps the content hash (edit detection), the publication time and the URL to re-check when
the post vanishes from its listing (deletion detection); no text, no authors. ``mark`` is where paging stops: the
newest post of the last run whose listing was read without a failed page, so a page lost to an error is read
again next time instead of being skipped for good.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class SeenPost:
    """What a run remembers of one post."""

    hash: str
    published_at: str | None
    url: str
    replies: int | None = None


@dataclass
class SourceState:
    """Everything remembered about one source between runs."""

    source: str
    posts: dict[str, SeenPost] = field(default_factory=dict)
    mark: str | None = None  # publication time of the newest post of the last complete listing pass
    last_run_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "last_run_at": self.last_run_at,
            "mark": self.mark,
            "posts": {k: asdict(v) for k, v in self.posts.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceState:
        posts = {k: SeenPost(**v) for k, v in (data.get("posts") or {}).items()}
        return cls(source=data["source"], posts=posts, mark=data.get("mark"), last_run_at=data.get("last_run_at"))


def state_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "crawl_state"


def state_path(data_dir: Path, source: str) -> Path:
    """``telegram:med_crossing_line`` -> ``<data_dir>/crawl_state/telegram__med_crossing_line.json``."""
    return state_dir(data_dir) / f"{file_stem(source)}.json"


def file_stem(source: str) -> str:
    """Source name as a file name (``:`` is not portable)."""
    return source.replace(":", "__").replace("/", "_")


def load_state(data_dir: Path, source: str) -> SourceState:
    """The saved state, or an empty one (first run) when there is none or it cannot be read."""
    path = state_path(data_dir, source)
    try:
        return SourceState.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return SourceState(source=source)
    except (ValueError, KeyError, TypeError):
        # A damaged state file only costs a full re-crawl; it must never stop the crawl.
        return SourceState(source=source)


def save_state(data_dir: Path, state: SourceState) -> Path:
    """Write atomically so a crash never leaves a half-written state behind."""
    path = state_path(data_dir, state.source)
    write_atomic(path, json.dumps(state.to_json(), sort_keys=True).encode("utf-8"))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same directory, then rename: readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
