"""Crypto-currency addresses: Bitcoin (base58check and bech32/bech32m via python-stdnum), TRON/USDT-TRC20
(base58check, version byte 0x41) and Ethereum/USDT-ERC20 (0x + 40 hex).

Ethereum has no checksum unless written in EIP-55 mixed case, which needs Keccak (not in the standard library);
a 0x-prefixed 40-hex string is specific enough to take as an address.
"""

from __future__ import annotations

import hashlib
import re

from stdnum import bitcoin

from redaction.span import Found

TYPE = "CRYPTO"

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {ch: i for i, ch in enumerate(_B58)}
_BTC_LEGACY = re.compile(r"(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])")
_BECH32 = re.compile(r"(?<![\w])(?:bc1|BC1)[ac-hj-np-z02-9AC-HJ-NP-Z]{11,71}(?![\w])")
_TRON = re.compile(r"(?<![\w])T[1-9A-HJ-NP-Za-km-z]{33}(?![\w])")
_ETH = re.compile(r"(?<![\w])0x[0-9a-fA-F]{40}(?![\w])")


def base58check_payload(address: str) -> bytes | None:
    """The payload (version byte + hash) of a base58check string, or None when the checksum fails."""
    number = 0
    for ch in address:
        number = number * 58 + _B58_INDEX[ch]
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = b"\x00" * (len(address) - len(address.lstrip("1"))) + raw
    if len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


def _tron_valid(address: str) -> bool:
    payload = base58check_payload(address)
    return payload is not None and len(payload) == 21 and payload[0] == 0x41


def detect(text: str) -> list[Found]:
    """Crypto addresses in ``text``; the value is the address (lowercased where case carries no meaning)."""
    found: list[Found] = []
    for m in _BTC_LEGACY.finditer(text):
        if bitcoin.is_valid(m.group()):
            found.append(Found(TYPE, m.start(), m.end(), m.group()))
    for m in _BECH32.finditer(text):
        if bitcoin.is_valid(m.group()):
            found.append(Found(TYPE, m.start(), m.end(), m.group().lower()))
    for m in _TRON.finditer(text):
        if _tron_valid(m.group()):
            found.append(Found(TYPE, m.start(), m.end(), m.group()))
    for m in _ETH.finditer(text):
        found.append(Found(TYPE, m.start(), m.end(), m.group().lower()))
    return found
