"""Messenger handles and links."""

from __future__ import annotations

import pytest

from redaction.handle import detect
from tests.redaction.conftest import surfaces

CASES = [
    ("DM @zokaru_88.", "@zokaru_88", "zokaru_88"),
    ("t.me/zokaru_88", "t.me/zokaru_88", "zokaru_88"),
    ("https://t.me/s/travel_eu", "https://t.me/s/travel_eu", "travel_eu"),
    ("Telegram: kavo_99", "kavo_99", "kavo_99"),
    ("wa.me/447700900123", "wa.me/447700900123", "+447700900123"),
    ("viber://chat?number=%2B447700900123", "viber://chat?number=%2B447700900123", "+447700900123"),
    ("https://signal.me/#p/+447700900123", "https://signal.me/#p/+447700900123", "+447700900123"),
    ("api.whatsapp.com/send?phone=447700900123", "api.whatsapp.com/send?phone=447700900123", "+447700900123"),
    ("tg: zokaru_88", "zokaru_88", "zokaru_88"),
    ("Telegram: zokaru", "zokaru", "zokaru"),
    ("@@jiji_22 yes still places", "@@jiji_22", "jiji_22"),
]


@pytest.mark.parametrize(("text", "surface", "value"), CASES)
def test_when_a_handle_or_messenger_link_is_written_then_it_is_found(text: str, surface: str, value: str) -> None:
    assert surfaces(detect, text) == [(surface, value)]


def test_when_a_link_carries_a_phone_number_then_it_is_keyed_in_the_phone_space() -> None:
    assert [f.space for f in detect("wa.me/447700900123")] == ["PHONE"]
    assert [f.space for f in detect("@zokaru")] == ["HANDLE"]


@pytest.mark.parametrize(
    "text", ["mail a@b.com", "Telegram: available", "p@piers", "@Tom Whitfield look", "price @ 20 euro"]
)
def test_when_there_is_no_handle_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
