"""Evidence spans: glossary terms, prices and placeholders at exact offsets of the redacted text."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from classifiers.evidence import merge, price_spans, rule_evidence
from classifiers.glossary import KINDS, Glossary

CASES = [
    (
        "Crossing to Italy, big boat. 2.500€ per person, pay after arrival. WhatsApp ⟨PHONE:k1:3f9a1c2b⟩",
        {
            ("Crossing", "transport_route"),
            ("boat", "transport_route"),
            ("2.500€", "price"),
            ("per person", "price"),
            ("pay after arrival", "guarantee_payment"),
            ("WhatsApp", "contact"),
            ("⟨PHONE:k1:3f9a1c2b⟩", "contact"),
        },
    ),
    (
        "Real passports registered in the system, no fingerprints. Lookalike also. ⟨HANDLE:k1:0badc0de⟩",
        {
            ("passports", "document_type"),
            ("registered in the system", "document_type"),
            ("no fingerprints", "evasion"),
            ("Lookalike", "document_type"),
            ("⟨HANDLE:k1:0badc0de⟩", "contact"),
        },
    ),
    ("الحرقة لإيطاليا، السعر ٢٥٠٠ يورو للشخص", {("الحرقة", "transport_route"), ("السعر", "price"), ("٢٥٠٠ يورو", "price"), ("للشخص", "price")}),
    ("Паспорт в базе, без очереди", {("Паспорт", "document_type"), ("в базе", "document_type"), ("без очереди", "evasion")}),
    ("boza! game to Croatia, harraga welcome", {("boza", "transport_route"), ("game", "transport_route"), ("harraga", "transport_route")}),
    # Greek and Russian terms found in Greeklish and transliterated Russian, in more than one spelling
    ("pthsh me daneiko diavathrio, plhrwneis otan ftaseis", {("daneiko diavathrio", "document_type"), ("plhrwneis otan ftaseis", "guarantee_payment")}),
    ("Pasport v baze, shengen bez ocheredi", {("Pasport", "document_type"), ("shengen", "document_type")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_when_indicators_are_present_then_spans_point_at_exactly_those_substrings(text: str, expected: set) -> None:
    found = {(text[s.start : s.end], s.kind) for s in rule_evidence(text)}
    assert expected <= found


@pytest.mark.parametrize(
    "text", ["Born in 1990, flight TK 1234 on 12/05", "Room 12, 3 people", "Call me at 5 tomorrow"]
)
def test_when_numbers_have_no_currency_then_they_are_not_prices(text: str) -> None:
    assert price_spans(text) == []


def test_when_a_romanized_term_is_just_an_english_word_then_it_is_not_an_indicator() -> None:
    # "оригинал" and "патент" romanize to "original" and "patent": ordinary English words, not Greeklish or translit.
    glossary = Glossary.load()
    assert [m.term.term for m in glossary.find("оригинал, патент")] == ["оригинал", "патент"]
    assert glossary.find("Original paintings, patent pending") == []


def test_when_spans_overlap_then_earlier_sources_win_and_none_overlap() -> None:
    spans = rule_evidence("Paper marriage for papers, 5000 euro per person")
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start


def test_when_merging_then_a_model_span_inside_a_glossary_span_is_dropped() -> None:
    from classifiers.evidence import Span

    kept = merge([Span(0, 10, "price", "glossary")], [Span(2, 5, "transport_route", "model")])
    assert [s.source for s in kept] == ["glossary"]


def test_when_the_glossary_loads_then_it_has_hundreds_of_valid_terms_over_all_twelve_languages() -> None:
    glossary = Glossary.load()
    assert glossary.version != "unversioned"
    assert len(glossary.terms) >= 300
    per_lang = Counter(t.language for t in glossary.terms)
    for lang in ("en", "ar", "fr", "es", "it", "de", "tr", "fa", "ru", "ur", "sq", "el"):
        assert per_lang[lang] >= 20, lang
    assert {t.kind for t in glossary.terms} == set(KINDS)
    assert all(t.gloss for t in glossary.terms)


def test_when_a_glossary_kind_is_unknown_then_loading_says_which_term(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "g.tsv"
    bad.write_text("# version: 9\nterm\tlanguage\tkind\tgloss\nboat\ten\tvehicle\tboat\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'boat'"):
        Glossary.load(bad)
