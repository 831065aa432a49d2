"""The redactor: every detector over a text, overlaps resolved, each identifier replaced by its keyed token.

Offsets in the result are offsets into the input text. Detectors run on a copy whose native digits
(Arabic-Indic, Persian) are ASCII; the mapping is one to one, so offsets carry over unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from redaction import card, crypto, email, handle, iban, mrz, passport_id, person, phone, url
from redaction.digits import ascii_digits
from redaction.pseudonym import Keyring
from redaction.span import Found

Detector = Callable[[str], list[Found]]

# Order matters only to break ties: where two findings overlap, the one of the earlier type wins, then the longer.
PRIORITY = ("MRZ", "EMAIL", "URL", "HANDLE", "IBAN", "CRYPTO", "CARD", "NATIONAL_ID", "PASSPORT", "PHONE", "PERSON")
DETECTORS: tuple[Detector, ...] = (
    mrz.detect, email.detect, url.detect, handle.detect, iban.detect, crypto.detect, card.detect,
    passport_id.detect, phone.detect, person.detect,
)  # fmt: skip
_RANK = {t: i for i, t in enumerate(PRIORITY)}


@dataclass
class Redacted:
    """A redacted text and what was taken out of it (no raw values: only types, offsets and tokens)."""

    text_redacted: str
    entities: list[dict] = field(default_factory=list)


def resolve(found: Iterable[Found]) -> list[Found]:
    """Non-overlapping findings, by type priority then length, returned in text order."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (_RANK[f.type], f.start - f.end, f.start)):
        if f.end > f.start and all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def find(text: str, detectors: Iterable[Detector] = DETECTORS) -> list[Found]:
    """Every identifier in ``text``, overlaps resolved. Needs no key: usable to check text for PII."""
    normalised = ascii_digits(text)
    return resolve(f for detect in detectors for f in detect(normalised))


class Redactor:
    """Replaces identifiers by ``⟨TYPE:keyid:hex8⟩`` tokens keyed on their normalised value."""

    def __init__(self, keyring: Keyring, detectors: Iterable[Detector] = DETECTORS) -> None:
        self.keyring = keyring
        self.detectors = tuple(detectors)

    @classmethod
    def from_settings(cls, settings: object) -> Redactor:
        return cls(Keyring.from_settings(settings))

    def redact(self, text: str) -> Redacted:
        parts: list[str] = []
        entities: list[dict] = []
        pos = 0
        for f in find(text, self.detectors):
            token = self.keyring.token(f.type, f.space, f.value)
            parts += [text[pos : f.start], token]
            entities.append({"type": f.type, "start": f.start, "end": f.end, "token": token})
            pos = f.end
        parts.append(text[pos:])
        return Redacted("".join(parts), entities)

    def redact_many(self, texts: Iterable[str]) -> list[Redacted]:
        """Redact a batch (one call per stage file keeps the key loaded once)."""
        return [self.redact(t) for t in texts]

    def redact_comments(self, comments: Iterable[dict], drop_bystanders: bool = False) -> list[dict]:
        """Bystander minimisation: comments by others than the poster lose author and identifiers, or go."""
        kept = []
        for c in comments:
            by_poster = bool(c.get("by_poster"))
            if not by_poster and drop_bystanders:
                continue
            out = {"by_poster": by_poster, "text": self.redact(c.get("text", "")).text_redacted}
            if by_poster and c.get("author"):
                out["author"] = self.redact(c["author"]).text_redacted
            kept.append(out)
        return kept
