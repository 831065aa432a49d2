"""What every detector returns: a typed span of the input text and the normalised value it stands for."""

from __future__ import annotations

from dataclasses import dataclass

# Token types, as docs/CONTRACTS.md lists them.
TYPES = (
    "PHONE", "EMAIL", "HANDLE", "URL", "IBAN", "CARD", "CRYPTO", "PASSPORT", "NATIONAL_ID", "MRZ", "PERSON",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Found:
    """One identifier found in a text.

    ``value`` is the normalised identifier (E.164 for phones, lowercased e-mail ...): the pseudonym is keyed on it,
    so two spellings of the same number get the same token. ``link`` names the value space the token is computed
    in; it defaults to ``type`` and differs only where one identifier appears in two guises (a ``wa.me/<number>``
    link is a HANDLE whose value is a phone number, so it links with PHONE tokens of the same number).
    """

    type: str
    start: int
    end: int
    value: str
    link: str = ""

    @property
    def space(self) -> str:
        return self.link or self.type
