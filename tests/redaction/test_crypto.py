"""Crypto-currency addresses (addresses generated from a fixed seed by the test itself)."""

from __future__ import annotations

import hashlib
import random

import pytest

from redaction.crypto import _B58, detect


def base58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, out = int.from_bytes(raw, "big"), ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


RNG = random.Random(2026)
BTC = base58check(b"\x00" + RNG.randbytes(20))
P2SH = base58check(b"\x05" + RNG.randbytes(20))
TRON = base58check(b"\x41" + RNG.randbytes(20))
BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
ETH = "0x52908400098527886E0F7030069857D2E4169EE7"


@pytest.mark.parametrize("address", [BTC, P2SH, TRON, BECH32, ETH])
def test_when_an_address_checks_out_then_it_is_found(address: str) -> None:
    found = detect(f"send to {address} today")
    assert [(f.start, f.end) for f in found] == [(8, 8 + len(address))]


def test_when_an_ethereum_address_is_mixed_case_then_the_value_is_lowercase() -> None:
    assert [f.value for f in detect(ETH)] == [ETH.lower()]


@pytest.mark.parametrize(
    "text",
    [
        BTC[:-1] + ("2" if BTC[-1] != "2" else "3"),  # broken checksum
        TRON[:-1] + ("2" if TRON[-1] != "2" else "3"),
        "T" * 34,
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx",
        "0x1234",
    ],
)
def test_when_the_checksum_fails_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
