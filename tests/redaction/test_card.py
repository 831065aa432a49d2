"""Payment cards with the Luhn check."""

from __future__ import annotations

import pytest

from redaction.card import detect
from tests.redaction.conftest import surfaces

CASES = [
    ("card 4111 1111 1111 1111 exp", "4111 1111 1111 1111", "4111111111111111"),
    ("5555-5555-5555-4444", "5555-5555-5555-4444", "5555555555554444"),
    ("amex 3782 822463 10005", "3782 822463 10005", "378282246310005"),
    ("4012888888881881 ok", "4012888888881881", "4012888888881881"),
]


@pytest.mark.parametrize(("text", "surface", "value"), CASES)
def test_when_a_card_number_passes_luhn_then_it_is_found(text: str, surface: str, value: str) -> None:
    assert surfaces(detect, text) == [(surface, value)]


@pytest.mark.parametrize(
    "text", ["ref 1234 5678 9012 3456", "4111 1111 1111 1112", "+44 7700 900123 4567", "0000 0000 0000 0000"]
)
def test_when_luhn_fails_or_the_prefix_is_wrong_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
