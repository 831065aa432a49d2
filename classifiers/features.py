"""Cue tags: the kinds of indicator a post contains, written in front of the text the model reads.

The glossary is multilingual and written independently of the corpus generator, so telling the model "this post
names a route, a document type and a guarantee" gives it one shared, language-independent signal that carries over
to phrasings and languages it has not seen. The model still decides: news about smugglers names prices too.
"""

from __future__ import annotations

from dataclasses import replace

from classifiers.evidence import rule_evidence
from classifiers.inputs import ModelText, normalise

TAG_OPEN, TAG_CLOSE = "⟦", "⟧"
# Prices and contacts are left out: benign classifieds (a sofa, a flat, a removal van) have them too, and a tag
# for them taught the model the shortcut "price + phone = offer".
CUE_KINDS = ("transport_route", "guarantee_payment", "document_type", "evasion")


def cue_prefix(redacted: str) -> str:
    """``⟦transport_route⟧ ⟦evasion⟧ ¶ `` style prefix, kinds in a fixed order, each once."""
    found = {span.kind for span in rule_evidence(redacted)}
    tags = " ".join(f"{TAG_OPEN}{kind}{TAG_CLOSE}" for kind in CUE_KINDS if kind in found)
    return f"{tags} ¶ " if tags else "¶ "


def model_text(redacted: str, cue_tags: bool) -> ModelText:
    """What the model reads for one redacted post: normalised placeholders, optionally behind cue tags."""
    base = normalise(redacted)
    if not cue_tags:
        return base
    prefix = cue_prefix(redacted)
    return replace(base, text=prefix + base.text, prefix=len(prefix))
