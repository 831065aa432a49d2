"""IBANs with the mod-97 check."""

from __future__ import annotations

import pytest

from redaction.iban import detect
from tests.redaction.conftest import surfaces

CASES = [
    ("IBAN DE89 3704 0044 0532 0130 00 EUR", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
    ("GB82WEST12345698765432", "GB82WEST12345698765432", "GB82WEST12345698765432"),
    ("GR16 0110 1250 0000 0001 2300 695.", "GR16 0110 1250 0000 0001 2300 695", "GR1601101250000000012300695"),
    ("al47 2121 1009 0000 0002 3569 8741", "al47 2121 1009 0000 0002 3569 8741", "AL47212110090000000235698741"),
]


@pytest.mark.parametrize(("text", "surface", "value"), CASES)
def test_when_an_iban_is_valid_then_it_is_found(text: str, surface: str, value: str) -> None:
    assert surfaces(detect, text) == [(surface, value)]


@pytest.mark.parametrize(
    "text", ["DE89 3704 0044 0532 0130 01", "GB82WEST12345698765431", "FR 75001 Paris", "TK 1881 2026 0512 1430"]
)
def test_when_the_check_digits_fail_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
