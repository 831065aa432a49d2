"""IBANs, validated with the ISO 13616 mod-97 check and the country's length (python-stdnum).

Written with or without spaces; a candidate that runs into the next word is shortened until it validates.
"""

from __future__ import annotations

import re

from stdnum import iban as stdnum_iban

from redaction.span import Found

TYPE = "IBAN"

_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,32}", re.IGNORECASE)


def _longest_valid(text: str, start: int, end: int) -> tuple[int, str] | None:
    """End offset and compact value of the longest valid IBAN starting at ``start``."""
    positions = [i for i in range(start, end) if text[i].isalnum()]
    compact = "".join(text[i] for i in positions).upper()
    for length in range(min(len(compact), 34), 14, -1):
        if stdnum_iban.is_valid(compact[:length]):
            return positions[length - 1] + 1, compact[:length]
    return None


def detect(text: str) -> list[Found]:
    """IBANs in ``text``."""
    found: list[Found] = []
    for m in _CANDIDATE.finditer(text):
        hit = _longest_valid(text, m.start(), m.end())
        if hit:
            found.append(Found(TYPE, m.start(), hit[0], hit[1]))
    return found
