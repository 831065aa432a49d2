"""Evidence spans: why a post was flagged, as character offsets into the redacted text the analyst sees.

Four sources, in order of precedence when spans overlap: placeholders (a pseudonymised phone is a contact), price
expressions, glossary terms, and the model's own token attributions (see :mod:`classifiers.attribution`). Each span
says where it came from (``source``) so an analyst can tell a dictionary hit from a model hunch.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from classifiers.glossary import Glossary, default_glossary
from classifiers.inputs import PLACEHOLDER_RE

PLACEHOLDER_KINDS = {
    "PHONE": "contact", "EMAIL": "contact", "HANDLE": "contact", "URL": "contact",
    "IBAN": "guarantee_payment", "CARD": "guarantee_payment", "CRYPTO": "guarantee_payment",
    "PASSPORT": "document_type", "NATIONAL_ID": "document_type", "MRZ": "document_type",
}  # fmt: skip
# Model-attributed spans carry the kind most typical of the predicted label.
LABEL_KINDS = {"smuggling_offer": "transport_route", "document_fraud": "document_type"}

_NUM = r"[0-9٠-٩۰-۹](?:[0-9٠-٩۰-۹]|[.,'  ](?=[0-9٠-٩۰-۹]{3}))*"
_CUR = (
    r"€|\$|£|₺|₽|﷼|eur|euro|euros|usd|us\$|dollars?|gbp|pounds?|lira|tl|lek|lekë|rub|руб(?:лей)?|евро|"
    r"долл(?:аров)?|ευρώ|ευρω|δολάρια|يورو|دولار|ريال|دينار|جنيه|تومان|تومن|یورو|دلار|روپے|روپیہ|ڈالر|rs\.?|pkr|dinars?"
)
PRICE_RE = re.compile(rf"(?:(?<![\w])(?:{_CUR})\s?{_NUM}|{_NUM}\s?(?:{_CUR}))(?![\w])", re.I)


@dataclass(frozen=True)
class Span:
    """One piece of evidence."""

    start: int
    end: int
    kind: str
    source: str  # placeholder | price | glossary | model

    def as_dict(self) -> dict:
        return asdict(self)


def placeholder_spans(text: str) -> list[Span]:
    """Placeholders that are indicators in themselves (contacts, payment and document identifiers)."""
    return [
        Span(m.start(), m.end(), PLACEHOLDER_KINDS[m.group(1)], "placeholder")
        for m in PLACEHOLDER_RE.finditer(text)
        if m.group(1) in PLACEHOLDER_KINDS
    ]


def price_spans(text: str) -> list[Span]:
    """Amounts with a currency, before or after, in Western, Arabic-Indic or Persian digits."""
    return [Span(m.start(), m.end(), "price", "price") for m in PRICE_RE.finditer(text)]


def glossary_spans(text: str, glossary: Glossary | None = None) -> list[Span]:
    """Glossary terms, ignoring words inside placeholders."""
    skip = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
    return [Span(m.start, m.end, m.term.kind, "glossary") for m in (glossary or default_glossary()).find(text, skip)]


def merge(*groups: list[Span]) -> list[Span]:
    """Keep spans in precedence order (earlier groups win), dropping any that overlap a kept span."""
    kept: list[Span] = []
    for group in groups:
        for span in group:
            if span.end > span.start and not any(k.start < span.end and span.start < k.end for k in kept):
                kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def rule_evidence(text: str, glossary: Glossary | None = None) -> list[Span]:
    """Evidence that needs no model: placeholders, prices, glossary terms."""
    return merge(placeholder_spans(text), price_spans(text), glossary_spans(text, glossary))


def model_spans(spans: list[tuple[int, int]], label: str) -> list[Span]:
    """Wrap the model's attributed character spans (already in redacted-text offsets) as evidence."""
    kind = LABEL_KINDS.get(label)
    return [Span(s, e, kind, "model") for s, e in spans] if kind else []
