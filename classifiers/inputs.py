"""What the classifier reads: redacted text, with placeholders normalised to their type.

Training and inference both go through :func:`prepare`, so the model never sees a raw identifier and never sees a
different redaction at inference than it was trained on. Redaction is :class:`redaction.Redactor` when that package
provides it; until then a small interim redactor with the same output shape stands in (see ``REDACTOR_IN_USE``).
The model then reads ``⟨PHONE⟩`` instead of ``⟨PHONE:k1:3f9a1c2b⟩`` so it cannot learn key-specific hashes.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER_RE = re.compile(r"⟨([A-Z_]+)(?::[^⟩\s]*)?⟩")
PLACEHOLDER_TYPES = (
    "PHONE", "EMAIL", "HANDLE", "URL", "IBAN", "CARD", "CRYPTO", "PASSPORT", "NATIONAL_ID", "MRZ", "PERSON",
)  # fmt: skip


@dataclass(frozen=True)
class Entity:
    """One identifier the interim redactor replaced (same fields as the real one)."""

    type: str
    start: int
    end: int
    token: str


@dataclass(frozen=True)
class Redacted:
    """Output shape shared with ``redaction.Redacted``."""

    text_redacted: str
    entities: list[Entity] = field(default_factory=list)


# The interim redactor: conservative patterns for the identifiers a post carries most (contacts).
_DIGIT = r"[0-9٠-٩۰-۹]"
_INTERIM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EMAIL", re.compile(r"[\w.+-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\s?(?:\.|dot)\s?[A-Za-z]{2,})+", re.I)),
    ("URL", re.compile(r"(?:https?://|www\.|\b(?:t\.me|wa\.me|bit\.ly)/)[^\s<>⟨⟩]+", re.I)),
    ("HANDLE", re.compile(r"(?<![\w@])@[A-Za-z][\w.]{2,31}")),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")),
    ("PHONE", re.compile(rf"(?<![\w])(?:\+|00)?\(?{_DIGIT}(?:[\s().\-]{{0,2}}{_DIGIT}){{7,14}}(?![\w])")),
)


class InterimRedactor:
    """Stand-in used only while ``redaction.Redactor`` is missing: same output shape, fixed key id ``k0``."""

    key_id = "k0"

    def redact(self, text: str) -> Redacted:
        spans: list[tuple[int, int, str]] = []
        for kind, pattern in _INTERIM_PATTERNS:
            for m in pattern.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                    spans.append((m.start(), m.end(), kind))
        spans.sort()
        out, entities, pos = [], [], 0
        for start, end, kind in spans:
            digest = hashlib.sha256(text[start:end].encode()).hexdigest()[:8]
            token = f"⟨{kind}:{self.key_id}:{digest}⟩"
            out.append(text[pos:start])
            out.append(token)
            entities.append(Entity(kind, start, end, token))
            pos = end
        out.append(text[pos:])
        return Redacted("".join(out), entities)


def _real_redactor(settings: Any) -> Any | None:
    try:
        from redaction import Redactor  # type: ignore[attr-defined]
    except ImportError:
        return None
    return Redactor.from_settings(settings)


def redactor_for(settings: Any) -> Any:
    """The redactor the pipeline uses: the real one when it is importable, else the interim one."""
    return _real_redactor(settings) or InterimRedactor()


def redactor_name(settings: Any) -> str:
    """``redaction.Redactor`` or ``interim``: recorded in the model card so a mismatch is visible."""
    return "interim" if isinstance(redactor_for(settings), InterimRedactor) else "redaction.Redactor"


def prepare(texts: list[str], settings: Any) -> list[str]:
    """Redact raw post texts exactly as the pipeline does; returns the redacted texts the analyst sees."""
    redactor = redactor_for(settings)
    return [redactor.redact(t).text_redacted for t in texts]


@dataclass(frozen=True)
class ModelText:
    """Redacted text as the model reads it, plus the map back to offsets in the redacted text."""

    text: str
    redacted: str
    prefix: int = 0  # characters of cue tags in front of the text (see classifiers.features); never evidence
    _norm_starts: tuple[int, ...] = ()  # per placeholder: start in ``text``
    _spans: tuple[tuple[int, int, int, int], ...] = ()  # per placeholder: (norm_s, norm_e, red_s, red_e)

    def to_redacted(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` (after any prefix) to ``redacted``; a span touching a placeholder covers it all."""
        return self._map(start - self.prefix, is_end=False), self._map(end - self.prefix, is_end=True)

    def _map(self, pos: int, is_end: bool) -> int:
        i = bisect.bisect_right(self._norm_starts, pos) - 1
        if i < 0:
            return pos
        ns, ne, rs, re_ = self._spans[i]
        if pos >= ne:
            return re_ + (pos - ne)
        if pos == ns:
            return rs
        return re_ if is_end else rs


def normalise(redacted: str) -> ModelText:
    """Replace each ``⟨TYPE:key:hash⟩`` by ``⟨TYPE⟩`` and remember where it came from."""
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = norm_len = 0
    for m in PLACEHOLDER_RE.finditer(redacted):
        before = redacted[pos : m.start()]
        parts.append(before)
        norm_len += len(before)
        token = f"⟨{m.group(1)}⟩"
        spans.append((norm_len, norm_len + len(token), m.start(), m.end()))
        parts.append(token)
        norm_len += len(token)
        pos = m.end()
    parts.append(redacted[pos:])
    return ModelText("".join(parts), redacted, 0, tuple(s[0] for s in spans), tuple(spans))
