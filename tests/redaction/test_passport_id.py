"""Passport and national ID numbers."""

from __future__ import annotations

import pytest

from redaction.passport_id import detect
from tests.redaction.conftest import surfaces

CASES = [
    ("passport no. X1234567 valid", "X1234567", "PASSPORT"),
    ("Passport number: 123456789", "123456789", "PASSPORT"),
    ("جواز سفر رقم N12345678", "N12345678", "PASSPORT"),
    ("Reisepass Nr. C01X00T47", "C01X00T47", "PASSPORT"),
    ("Διαβατήριο αριθμός AK1234567", "AK1234567", "PASSPORT"),
    ("DNI 23456789D", "23456789D", "NATIONAL_ID"),
    ("NIE X1234567L", "X1234567L", "NATIONAL_ID"),
    ("codice RSSMRA85T10A562S", "RSSMRA85T10A562S", "NATIONAL_ID"),
    ("kimlik 12345678950", "12345678950", "NATIONAL_ID"),
    ("CNIC 35202-1234567-1", "35202-1234567-1", "NATIONAL_ID"),
    ("NIR 2 95 03 75 123 456 83", "2 95 03 75 123 456 83", "NATIONAL_ID"),
    ("کد ملی 0499370899", "0499370899", "NATIONAL_ID"),
    ("ΑΔΤ: ΑΒ 123456", "ΑΒ 123456", "NATIONAL_ID"),
    ("паспорт серия АБ 1234567", "АБ 1234567", "PASSPORT"),
]


@pytest.mark.parametrize(("text", "surface", "type_"), CASES)
def test_when_an_id_number_is_written_then_it_is_found_with_its_type(text: str, surface: str, type_: str) -> None:
    found = detect(text)
    assert {(text[f.start : f.end], f.type) for f in found} == {(surface, type_)}


@pytest.mark.parametrize(
    "text",
    [
        "passport 1500 €",
        "Real passport 12000 EUR",
        "Passport in 10 days, 3 years valid",
        "DNI 23456789A",  # wrong check letter
        "12345678901",  # fails the T.C. kimlik checks
        "ID card ready in 5 days",
        "Passport 2026 renewal 120 euro",
        "Passport photo 35x45 mm",
    ],
)
def test_when_a_number_is_a_price_or_fails_its_checksum_then_nothing_is_found(text: str) -> None:
    assert surfaces(detect, text) == []
