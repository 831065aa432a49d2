"""E-mail detection, plain and obfuscated."""

from __future__ import annotations

import pytest

from redaction.email import detect
from tests.redaction.conftest import surfaces

CASES = [
    ("mail zokaru@example.com.", "zokaru@example.com", "zokaru@example.com"),
    ("Ali.B+x@Mail.Example.co.uk", "Ali.B+x@Mail.Example.co.uk", "ali.b+x@mail.example.co.uk"),
    ("kavo [at] example dot com ok", "kavo [at] example dot com", "kavo@example.com"),
    ("kavo(at)example.com", "kavo(at)example.com", "kavo@example.com"),
    ("kavo @ example . org", "kavo @ example . org", "kavo@example.org"),
    ("support (at) example (dot) com", "support (at) example (dot) com", "support@example.com"),
    ("zo_ka at example dot net", "zo_ka at example dot net", "zo_ka@example.net"),
    ("name[at]example[dot]com", "name[at]example[dot]com", "name@example.com"),
    ("kavo(at)example(dot)com", "kavo(at)example(dot)com", "kavo@example.com"),
    ("كلمني: darwa_76 [at] e x a m p l e dot com", "darwa_76 [at] e x a m p l e dot com", "darwa_76@example.com"),
    ("escribe a kavo arroba example punto com", "kavo arroba example punto com", "kavo@example.com"),
    ("пишите kavo собака example точка ru", "kavo собака example точка ru", "kavo@example.ru"),
]


def test_when_the_at_sign_is_full_width_then_the_address_is_still_found() -> None:
    from redaction.redactor import find

    text = "mail name＠example.com"
    assert [(text[f.start : f.end], f.value) for f in find(text)] == [("name＠example.com", "name@example.com")]


@pytest.mark.parametrize(("text", "surface", "value"), CASES)
def test_when_an_address_is_written_then_it_is_found_lowercased(text: str, surface: str, value: str) -> None:
    assert surfaces(detect, text) == [(surface, value)]


@pytest.mark.parametrize(
    "text", ["we arrive at 5. com", "price 5 at shop.com", "@handle here", "meet at 10:30", "we meet at home. Com on"]
)
def test_when_at_is_an_ordinary_word_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
