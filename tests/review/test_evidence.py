"""Cutting redacted text into evidence spans and placeholders; looking up glosses."""

from __future__ import annotations

from review.evidence import css_kind, segments, split_placeholders
from review.glossary import Glossary


def glossary() -> Glossary:
    g = Glossary()
    g.by_lang[("fr", "passeur")] = "smuggler"
    g.any_lang["passeur"] = "smuggler"
    g.any_lang["boat"] = "boat"
    return g


def test_spans_and_plain_runs_cover_the_text_in_order():
    text = "Un passeur sérieux, boat tonight"
    segs = segments(text, [{"start": 3, "end": 10, "kind": "transport_route"}], glossary(), "fr")
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.kind, s.gloss) for s in segs] == [
        ("Un ", None, None),
        ("passeur", "transport_route", "smuggler"),
        (" sérieux, boat tonight", None, None),
    ]


def test_overlapping_and_out_of_range_spans_are_dropped_not_crashing():
    text = "boat boat"
    evidence = [
        {"start": 0, "end": 4, "kind": "transport_route"},
        {"start": 2, "end": 6, "kind": "price"},  # overlaps the first
        {"start": 7, "end": 99, "kind": "evasion"},  # clamped to the text
        {"start": "x", "end": 2},  # malformed
    ]
    segs = segments(text, evidence, glossary(), "en")
    assert "".join(s.text for s in segs) == text
    assert [s.kind for s in segs if s.kind] == ["transport_route", "evasion"]


def test_placeholders_are_marked_inside_and_outside_spans():
    token = "⟨PHONE:k1:0a1b2c3d⟩"
    assert split_placeholders(f"call {token} now") == [("call ", False), (token, True), (" now", False)]
    text = f"WhatsApp {token}"
    segs = segments(text, [{"start": 0, "end": len(text), "kind": "contact"}], glossary(), "en")
    assert segs[0].kind == "contact"
    assert segs[0].parts == [("WhatsApp ", False), (token, True)]


def test_glosses_fall_back_to_any_language_then_a_contained_term():
    g = glossary()
    assert g.gloss("Passeur", "fr") == "smuggler"
    assert g.gloss("passeur", "de") == "smuggler"
    assert g.gloss("rubber boat", "en") == "boat"
    assert g.gloss("ferry", "en") is None


def test_the_shipped_glossary_loads():
    g = Glossary.load()
    assert g.gloss("passeur", "fr") == "smuggler"


def test_kinds_become_safe_class_names():
    assert css_kind('price" onmouseover="x') == "priceonmouseoverx"
    assert css_kind("") == "evidence"
