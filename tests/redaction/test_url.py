"""Personal profile URLs."""

from __future__ import annotations

import pytest

from redaction.url import detect
from tests.redaction.conftest import surfaces

CASES = [
    ("https://www.facebook.com/Kavo.Zoru.", "https://www.facebook.com/Kavo.Zoru", "facebook.com/kavo.zoru"),
    ("instagram.com/kavo.zoru?igsh=1", "instagram.com/kavo.zoru?igsh=1", "instagram.com/kavo.zoru"),
    ("tiktok.com/@kavo", "tiktok.com/@kavo", "tiktok.com/kavo"),
    ("linkedin.com/in/kavo-zoru", "linkedin.com/in/kavo-zoru", "linkedin.com/kavo-zoru"),
    ("m.facebook.com/profile.php?id=100012345", "m.facebook.com/profile.php?id=100012345", "facebook.com/100012345"),
    ("https://mastodon.example/@kavo", "https://mastodon.example/@kavo", "mastodon.example/@kavo"),
]


@pytest.mark.parametrize(("text", "surface", "value"), CASES)
def test_when_a_profile_url_is_written_then_it_is_found(text: str, surface: str, value: str) -> None:
    assert surfaces(detect, text) == [(surface, value)]


@pytest.mark.parametrize(
    "text",
    ["facebook.com/groups/xyz", "https://www.facebook.com/events/123", "https://example.org/news/2026", "12.5 m"],
)
def test_when_a_url_is_not_a_profile_then_it_is_left_alone(text: str) -> None:
    assert detect(text) == []
