"""Cut a redacted text into plain runs, evidence spans (with kind and gloss) and pseudonym placeholders.

The template renders each piece escaped; this module only decides where the boundaries are, so no markup is
ever built from post text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from review.glossary import Glossary

PLACEHOLDER = re.compile(r"⟨[A-Z_]+:[^:⟩\s]+:[0-9a-f]{8}⟩")


@dataclass
class Segment:
    """A run of text; ``kind`` is set for an evidence span. ``parts`` is (text, is_placeholder) pairs."""

    text: str
    kind: str | None = None
    gloss: str | None = None
    parts: list[tuple[str, bool]] = field(default_factory=list)


def split_placeholders(text: str) -> list[tuple[str, bool]]:
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            parts.append((text[last : match.start()], False))
        parts.append((match.group(0), True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts


def _clean_spans(evidence: list[dict], length: int) -> list[tuple[int, int, str]]:
    """Valid, non-overlapping spans in text order (a span overlapping an earlier one is dropped)."""
    spans, end_so_far = [], 0
    candidates = []
    for span in evidence or []:
        try:
            start, end = max(0, int(span["start"])), min(length, int(span["end"]))
        except (KeyError, TypeError, ValueError):
            continue
        if start < end:
            candidates.append((start, end, str(span.get("kind") or "evidence")))
    for start, end, kind in sorted(candidates, key=lambda s: (s[0], -s[1])):
        if start >= end_so_far:
            spans.append((start, end, kind))
            end_so_far = end
    return spans


def segments(text: str, evidence: list[dict], glossary: Glossary, lang: str | None) -> list[Segment]:
    """The pieces of ``text`` in order; evidence offsets index the redacted text."""
    out, last = [], 0
    for start, end, kind in _clean_spans(evidence, len(text)):
        if start > last:
            out.append(Segment(text[last:start]))
        span = text[start:end]
        out.append(Segment(span, kind=kind, gloss=glossary.gloss(span, lang)))
        last = end
    if last < len(text):
        out.append(Segment(text[last:]))
    for segment in out:
        segment.parts = split_placeholders(segment.text)
    return out


def css_kind(kind: str) -> str:
    """A class-name-safe version of an evidence kind."""
    return re.sub(r"[^a-z0-9_-]", "", kind.lower())[:32] or "evidence"
