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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("kalhspera se olous, psaxnw spiti gia enoikiash sthn athina, exei kaneis kati na proteinei?", "el"),
        ("privet vsem, ishchu kvartiru v gorode na mesyac, kto mozhet pomoch napishite pozhaluysta", "ru"),
        ("salam be hame, kasi mitoone komak kone baraye gereftan vaght sefarat? kheili mamnoon misham", "fa"),
        ("bhai log koi bataye ke Italy ka visa lene ke liye kya documents chahiye hote hain", "ur"),
        ("salam 3alaykom, chkoun ya3ref kifash nkhalles el kira mta3 dar f tunis", "ar"),
        ("Looking for a second-hand bicycle for my daughter, anything in good condition, around fifty euros", "en"),
    ],
)
def test_when_a_language_is_written_in_latin_letters_then_the_corpus_profiles_recognise_it(
    text: str, lang: str
) -> None:
    assert detect_language(text).lang == lang


def test_when_profiles_are_built_then_only_latin_training_text_counts_and_greek_is_romanized() -> None:
    from classifiers.langid_profiles import SUFFIX, build_profiles, latin_texts

    posts = [
        {"lang": "el", "split": "train", "text": "Ψάχνω σπίτι στην Αθήνα"},
        {"lang": "el", "split": "test", "text": "kalhmera apo thessalonikh"},  # test split: never learnt from
        {"lang": "fa", "split": "train", "text": "سلام به همه"},  # Persian romanization is not realistic: skipped
        {"lang": "fa", "split": "train", "script": "latn", "text": "salam be hame dustan"},
        {"lang": "en", "split": "train", "text": "Bicycle for sale ⟨PHONE:k1:3f9a1c2b⟩"},
    ]
    texts = latin_texts(posts, [p["text"] for p in posts], seed=0)
    assert set(texts) == {"el", "fa", "en"}
    assert len(texts["el"]) == 1 and texts["el"][0].isascii() and "thessalonikh" not in texts["el"][0]
    assert texts["en"] == ["Bicycle for sale"]  # placeholders never reach a profile
    profiles = build_profiles({lang: t * 5 for lang, t in texts.items()})  # repeated so n-grams pass the minimum
    assert profiles["fa"]["name"] == "fa" + SUFFIX
    assert "sal" in profiles["fa"]["freq"] and sum(profiles["fa"]["n_words"]) > 0
    assert build_profiles({lang: t * 5 for lang, t in texts.items()}) == profiles  # deterministic


def test_when_the_shipped_profiles_are_read_then_each_of_our_languages_has_one_and_the_manifest_says_its_source() -> (
    None
):
    import json

    from classifiers.langid_profiles import MANIFEST, PROFILE_DIR, load_profiles
    from classifiers.language import OUR_LANGUAGES

    manifest = json.loads((PROFILE_DIR / MANIFEST).read_text())
    assert sorted(manifest["languages"]) == sorted(OUR_LANGUAGES)
    assert manifest["corpus_sha256"] and manifest["corpus"].startswith("generate(")
    assert sorted(p["name"].split("-")[0] for p in load_profiles()) == sorted(OUR_LANGUAGES)


def test_when_a_post_is_shouted_in_capitals_then_its_language_is_still_found() -> None:
    shouted = "KAFEMIZE HAFTA SONU ÇALIŞACAK GARSON ARANIYOR, DENEYIM ŞART DEĞIL, GÜLER YÜZLÜ OLSUN"
    assert detect_language(shouted).lang == "tr"
    assert clean_for_detection("İSTANBUL TARAFINDA KAYBOLDU") == "istanbul tarafinda kayboldu"
    assert clean_for_detection("Reisepass für Berlin") == "Reisepass für Berlin"  # ordinary capitals stay
