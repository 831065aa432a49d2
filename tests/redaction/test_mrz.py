"""ICAO 9303 machine-readable zones (the ICAO specimen documents of Utopia)."""

from __future__ import annotations

import pytest

from redaction.mrz import check_digit, detect

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"


def test_check_digit_follows_the_7_3_1_rule() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"


@pytest.mark.parametrize("block", [TD3, TD1])
def test_when_an_mrz_block_is_valid_then_all_its_lines_are_one_span(block: str) -> None:
    text = f"scan:\n{block}\nthanks"
    found = detect(text)
    assert [text[f.start : f.end] for f in found] == [block]


@pytest.mark.parametrize(
    "text",
    [
        "L898902C37UTO7408122F1204159ZE184226B<<<<<10",  # document-number check digit wrong
        "L898902C36UTO7408132F1204159ZE184226B<<<<<10",  # birth-date check digit wrong
        "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    ],
)
def test_when_check_digits_fail_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
