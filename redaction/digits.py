"""Digit normalisation: Arabic-Indic, Persian (Extended Arabic-Indic) and full-width digits become ASCII.

The mapping is one character to one character, so offsets found in the normalised text are offsets into the
original text too.
"""

from __future__ import annotations

_NATIVE = "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹" + "０１２３４５６７８９"
_TABLE = str.maketrans(
    _NATIVE + "＋＠٫٬", "0123456789" * 3 + "+@.,"
)  # full-width + and @, Arabic decimal/thousands marks


def ascii_digits(text: str) -> str:
    """The text with every native digit replaced by its ASCII digit (same length, same offsets)."""
    return text.translate(_TABLE)
