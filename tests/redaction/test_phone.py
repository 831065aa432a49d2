"""Phone detection: international and national formats, native digits, and the numbers that must survive."""

from __future__ import annotations

import pytest

from redaction.digits import ascii_digits
from redaction.phone import detect
from tests.redaction.conftest import surfaces

POSITIVE = [
    ("WhatsApp +44 7700 900123 now", "+44 7700 900123", "+447700900123"),
    ("call 07700 900123", "07700 900123", "+447700900123"),
    ("+44.7700.900.123", "+44.7700.900.123", "+447700900123"),
    ("+44-7700-900-123", "+44-7700-900-123", "+447700900123"),
    ("0044 7700 900456", "0044 7700 900456", "+447700900456"),
    ("00447700900123", "00447700900123", "+447700900123"),
    ("+44 (0) 7700 900123", "+44 (0) 7700 900123", "+447700900123"),
    ("+1 (202) 555-0123", "+1 (202) 555-0123", "+12025550123"),
    ("001-202-555-0123", "001-202-555-0123", "+12025550123"),
    ("(415) 555-0150", "(415) 555-0150", "+14155550150"),
    ("tel: 555-0123", "555-0123", "digits:5550123"),
    ("+61 491 570 006", "+61 491 570 006", "+61491570006"),
    ("020 7946 0123", "020 7946 0123", "+442079460123"),
    ("Appelez le 06 12 34 56 78", "06 12 34 56 78", "+33612345678"),
    ("Chiama 333 123 4567", "333 123 4567", "+393331234567"),
    ("Llama al +34 612 34 56 78", "+34 612 34 56 78", "+34612345678"),
    ("Whatsapp 0532 123 45 67", "0532 123 45 67", "+905321234567"),
    ("Звоните 8 (912) 345-67-89", "8 (912) 345-67-89", "+79123456789"),
    ("Τηλ. 694 123 4567", "694 123 4567", "+306941234567"),
    ("(+44) 7700 900123", "(+44) 7700 900123", "+447700900123"),
    ("tel:+447700900123", "+447700900123", "+447700900123"),
    ("+44\u200f7700\u200f900123", "+44\u200f7700\u200f900123", "+447700900123"),
    ("☎️ 07700 900123", "07700 900123", "+447700900123"),
    ("at 14:30 call 0770 090 0123", "0770 090 0123", "+447700900123"),
    ("+90 (532) 123 45 67", "+90 (532) 123 45 67", "+905321234567"),
    ("+92-300-1234567", "+92-300-1234567", "+923001234567"),
    ("+355 69 123 4567", "+355 69 123 4567", "+355691234567"),
]


@pytest.mark.parametrize(("text", "surface", "value"), POSITIVE)
def test_when_a_number_is_written_then_it_is_found_and_normalised_to_e164(text: str, surface: str, value: str) -> None:
    assert surfaces(detect, text) == [(surface, value)]


def test_when_digits_are_arabic_indic_or_persian_then_the_same_e164_comes_out() -> None:
    arabic = "واتساب +٤٤ ٧٧٠٠ ٩٠٠١٢٣"
    persian = "شماره ۰۰۴۴ ۷۷۰۰ ۹۰۰۱۲۳"
    assert [f.value for f in detect(ascii_digits(arabic))] == ["+447700900123"]
    assert [f.value for f in detect(ascii_digits(persian))] == ["+447700900123"]


def test_when_a_persian_text_has_a_national_mobile_then_iran_is_assumed() -> None:
    assert [f.value for f in detect("شماره 0912 345 6789")] == ["+989123456789"]


def test_when_a_number_is_glued_to_arabic_script_then_it_is_still_found() -> None:
    text = ascii_digits("منظمة كريم الزين٠٠٤٤ ٧٧٠٠ ٩٠٠ ٢١٨")
    assert [f.value for f in detect(text)] == ["+447700900218"]
    assert [f.value for f in detect("Gören+447700900427")] == ["+447700900427"]


def test_when_the_script_is_arabic_then_national_numbers_resolve_to_arab_regions_but_fiction_stays_uk() -> None:
    assert [f.value for f in detect("اتصل 0770 123 4567")] == ["+9647701234567"]
    assert [f.value for f in detect("اتصل 07700 900599")] == ["+447700900599"]


def test_when_a_count_follows_the_number_then_it_is_not_part_of_it() -> None:
    assert surfaces(detect, "WhatsApp 07700 900123 2 people") == [("07700 900123", "+447700900123")]


def test_when_two_numbers_follow_each_other_then_both_are_found() -> None:
    found = surfaces(detect, "+44 7700 900123, +44 7700 900124")
    assert [v for _, v in found] == ["+447700900123", "+447700900124"]


NEGATIVE = [
    "Flight TK 1881 departs at 14:30 on 12.05.2026",
    "Price 1.200 € for 2 people, 2019-2023, 75001 Paris",
    "born 1990, 3 kids, 12000 euro",
    "on 05.12.2026 10 people",
    "2026-03-14 10:00-12:00 room 4.12",
    "Order 250 units at 12.50 each, total 3125.00",
    "Capacity 1,500 kg, 320,000 km, year 2017",
    "Train ICE 1025 platform 14, 49 EUR",
    "Цена 150 000 руб., индекс 101000",
    "ID 12345678901 ok",
    "Call now, 1 200 000 toman",
    "14:30-16:00",
    "Invoice 2026-000123",
    "ISBN 978-3-16-148410-0",
    "SKU 0012345678",
    "Order number 12345678",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_when_numbers_are_prices_dates_times_or_codes_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
