"""ICAO 9303 machine-readable zones (TD1 3x30, TD2 2x36, TD3 2x44), accepted when their check digits hold.

A data line counts when its document-number, birth-date and expiry check digits are right (7-3-1 weighting);
a name line (``P<UTOERIKSSON<<ANNA<MARIA<<<…``) counts when it has the header shape. Adjacent MRZ lines become one
MRZ span, because the name line is as personal as the number line.
"""

from __future__ import annotations

import re

from redaction.span import Found

TYPE = "MRZ"

_LINE = re.compile(r"(?<![A-Za-z0-9<])[A-Z0-9<]{30,44}(?![A-Za-z0-9<])")
_HEADER = re.compile(r"^[PIACV][A-Z<][A-Z<]{3}[A-Z<]*<<[A-Z<]*$")
_TD1_FIRST = re.compile(r"^[IAC][A-Z<][A-Z<]{3}[A-Z0-9<]{25}$")
_NAME_ONLY = re.compile(r"^[A-Z]+<<?[A-Z<]*$")
_WEIGHTS = (7, 3, 1)


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if ch == "<":
        return 0
    return ord(ch) - 55  # A=10 ... Z=35


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit of ``field``."""
    return str(sum(_value(ch) * _WEIGHTS[i % 3] for i, ch in enumerate(field)) % 10)


def _holds(field: str, digit: str) -> bool:
    return check_digit(field) == digit


def _td3_or_td2_data(line: str) -> bool:
    """Second line of a passport (TD3, 44) or TD2 (36) document."""
    return (
        _holds(line[0:9], line[9])
        and line[13:19].isdigit()
        and _holds(line[13:19], line[19])
        and _holds(line[21:27], line[27])
    )


def _td1_data(line: str) -> bool:
    """Second line of an ID card (TD1, 30)."""
    return line[0:6].isdigit() and _holds(line[0:6], line[6]) and _holds(line[8:14], line[14])


def _td1_first(line: str) -> bool:
    return bool(_TD1_FIRST.match(line)) and _holds(line[5:14], line[14])


def is_mrz_line(line: str) -> bool:
    """True for a line with MRZ shape whose check digits (where it has them) hold."""
    n = len(line)
    if n in (44, 36):
        return bool(_HEADER.match(line)) or _td3_or_td2_data(line)
    if n == 30:
        return _td1_first(line) or _td1_data(line)
    return False


def detect(text: str) -> list[Found]:
    """MRZ blocks in ``text``; consecutive MRZ lines (and a TD1 name line after them) form one span."""
    if "<" not in text:
        return []
    lines = [m for m in _LINE.finditer(text)]
    found: list[Found] = []
    block: list[re.Match[str]] = []
    for m in lines:
        ok = is_mrz_line(m.group()) or (len(m.group()) == 30 and block and _NAME_ONLY.match(m.group()) is not None)
        adjacent = block and text[block[-1].end() : m.start()].strip() == ""
        if ok and (adjacent or not block):
            block.append(m)
            continue
        if block:
            found.append(_span(block))
        block = [m] if ok else []
    if block:
        found.append(_span(block))
    return found


def _span(block: list[re.Match[str]]) -> Found:
    return Found(TYPE, block[0].start(), block[-1].end(), "|".join(m.group() for m in block))
