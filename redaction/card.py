"""Payment card numbers: 13-19 digits, a card-network first digit, and a valid Luhn check (python-stdnum)."""

from __future__ import annotations

import re

from stdnum import luhn

from redaction.span import Found

TYPE = "CARD"

_CANDIDATE = re.compile(r"(?<![\w+.,])[2-6]\d{3}(?:[ .\-]?\d){9,15}(?![\w]|[.,]\d)")
_GROUP = re.compile(r"\d+")


def _valid(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn.is_valid(digits)


def detect(text: str) -> list[Found]:
    """Card numbers in ``text``; a run that continues into another number is cut back at a group boundary."""
    found: list[Found] = []
    for m in _CANDIDATE.finditer(text):
        groups = list(_GROUP.finditer(text, m.start(), m.end()))
        for last in range(len(groups) - 1, -1, -1):
            end = groups[last].end()
            digits = "".join(g.group() for g in groups[: last + 1])
            if _valid(digits):
                found.append(Found(TYPE, m.start(), end, digits))
                break
    return found
