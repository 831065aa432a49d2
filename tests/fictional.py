"""Checks that test data holds fictional identifiers only: reserved drama/test phone ranges, example e-mail domains."""

from __future__ import annotations

import re
from collections import defaultdict

import phonenumbers

from fixtures.identifiers import EXAMPLE_EMAIL_DOMAINS

EMAIL_RE = re.compile(r"[\w.+-]+@([\w-]+\.)+[a-z]{2,}", re.I)
_NATIVE_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _phones(text: str) -> dict[str, list[phonenumbers.PhoneNumber]]:
    """Every phone-like string, with each reading of it under the regions our fictional ranges belong to."""
    found: dict[str, list[phonenumbers.PhoneNumber]] = defaultdict(list)
    for region in ("GB", "US", "AU"):
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if sum(ch.isdigit() for ch in m.raw_string) >= 7:  # shorter matches are prices and counts
                found[m.raw_string].append(m.number)
    return found


def _is_fictional(num: phonenumbers.PhoneNumber) -> bool:
    nsn = phonenumbers.national_significant_number(num)
    cc = num.country_code
    return (
        (cc == 44 and (nsn.startswith("7700900") or nsn.startswith("207946")))
        or (cc == 1 and nsn[3:7] == "5550" and 100 <= int(nsn[7:]) <= 199)
        or (cc == 61 and nsn.startswith("491570"))
    )


def _holds_fictional_range(raw: str) -> bool:
    """The matcher can glue a date or count onto a number; then the reserved range still shows in the digits."""
    digits = re.sub(r"\D", "", raw)
    return any(marker in digits for marker in ("7700900", "207946", "5550", "491570"))


def identifiers(text: str) -> tuple[int, list[str]]:
    """(phone numbers and e-mails found, those of them that are not fictional)."""
    ascii_text = text.translate(_NATIVE_DIGITS)
    found, bad = 0, []
    for raw, readings in _phones(ascii_text).items():
        found += 1
        if not (any(_is_fictional(n) for n in readings) or _holds_fictional_range(raw)):
            bad.append(raw)
    for match in EMAIL_RE.finditer(text):
        found += 1
        if match.group(0).split("@")[1].lower() not in EXAMPLE_EMAIL_DOMAINS:
            bad.append(match.group(0))
    return found, bad
