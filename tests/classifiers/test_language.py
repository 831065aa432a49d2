"""Language identification: deterministic, ``und`` for nothing to go on, top two for mixed posts."""

from __future__ import annotations

import pytest

from classifiers.language import UNDETERMINED, clean_for_detection, detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Crossing from Zuwara to Italy this week, big boat and an experienced captain, call now", "en"),
        ("رحلة من زوارة إلى إيطاليا هذا الأسبوع، قارب كبير وكابتن صاحب خبرة", "ar"),
        ("Passeport original enregistré dans le système, passe tous les aéroports", "fr"),
        ("Pasaporte original registrado en el sistema, pasa cualquier aeropuerto", "es"),
        ("Reisepass echt und im System registriert, geht durch jeden Flughafen", "de"),
        ("Паспорт настоящий, пробивается по базе, проходит любой аэропорт", "ru"),
        ("Διαβατήριο γνήσιο, καταχωρημένο στο σύστημα, περνάει από κάθε αεροδρόμιο", "el"),
        ("پاسپورت اصل ثبت در سیستم، از هر فرودگاهی رد می شود، قیمت مناسب", "fa"),
        ("Sisteme kayıtlı orijinal pasaport, her havalimanından geçer, fiyat uygun", "tr"),
    ],
)
def test_when_a_post_is_in_one_language_then_that_language_is_detected(text: str, lang: str) -> None:
    result = detect_language(text)
    assert result.lang == lang
    assert 0.5 <= result.prob <= 1.0
    assert result.top2[0][0] == lang


@pytest.mark.parametrize(
    "text",
    ["", "ok", "🚤🚤🔥💶", "⟨PHONE:k1:3f9a1c2b⟩ ⟨EMAIL:k1:0011aabb⟩", "https://t.me/zokaru_88 @zokaru 1500€"],
)
def test_when_there_is_too_little_language_then_it_is_undetermined(text: str) -> None:
    result = detect_language(text)
    assert result.lang == UNDETERMINED
    assert result.top2 == ()


def test_when_a_post_mixes_two_languages_then_both_are_in_the_top_two() -> None:
    text = (
        "Bonjour à tous, je cherche quelqu'un pour m'aider avec mon dossier de titre de séjour à Lyon. "
        "Ich suche auch Hilfe bei meinem Aufenthaltstitel in Berlin und brauche einen Anwalt."
    )
    result = detect_language(text)
    assert {code for code, _ in result.top2} == {"fr", "de"}


def test_when_the_same_text_is_detected_twice_then_the_answer_is_identical() -> None:
    text = "Trip to Lampedusa, safe boat, pay after arrival"
    assert detect_language(text) == detect_language(text)


def test_when_arabizi_is_written_then_its_marker_words_give_arabic() -> None:
    assert detect_language("ana 3andi 7arga l italia ya khoya, mafi mushkil wallah").lang == "ar"


def test_when_cleaning_then_placeholders_urls_handles_and_emoji_are_removed() -> None:
    cleaned = clean_for_detection("🚤 Boat ⟨PHONE:k1:3f9a1c2b⟩ see https://example.com/x @zokaru now 1500€")
    assert cleaned == "Boat see now"
