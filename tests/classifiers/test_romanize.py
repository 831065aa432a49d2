"""Romanization of Greek, Russian and Persian posts, and the romanized training copies built from it."""

from __future__ import annotations

import random

import pytest

from classifiers.romanize import LANGUAGES, random_style, romanize, styles

PLACEHOLDER = "⟨PHONE:k1:beb0099e⟩"


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("el", "Ταξίδι με διαβατήριο, πληρώνεις όταν φτάσεις", "Taksidi me diavathrio, plhrwneis otan ftaseis"),
        ("ru", "Переправка через Беларусь, оплата по факту", "Perepravka cherez Belarus, oplata po faktu"),
        ("fa", "پاسپورت و ویزا، قیمت ۲۵۰۰ یورو؟", "pasport v viza, ghimt 2500 yoro?"),
    ],
)
def test_when_romanized_in_the_common_style_then_it_reads_as_people_type_it(
    lang: str, text: str, expected: str
) -> None:
    assert romanize(text, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_when_a_post_mixes_scripts_then_latin_words_placeholders_and_emoji_are_kept_exactly(lang: str) -> None:
    text = f"WhatsApp {PLACEHOLDER} 🚤 TK 1234"
    assert romanize(text, lang) == text


def test_when_a_word_is_capitalised_or_shouted_then_the_case_is_kept() -> None:
    assert romanize("Шенген ШЕНГЕН шенген", "ru") == "Shengen SHENGEN shengen"
    assert romanize("Χαρτιά", "el") == "Xartia"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_when_romanized_in_any_style_then_no_letter_of_the_script_is_left(lang: str) -> None:
    text = {
        "el": "Ένα ψεύτικο ξενοδοχείο, θέση στο φουσκωτό, μπαίνεις ντροπαλά, γκρουπ, ευρώ, αυτοί",
        "ru": "Щедрый съезд, ёжик, юный, ящик, цена, чай, шум, хата, эй, йод, мышь",
        "fa": "خواهش می‌کنم، غذا، ژاکت، قاچاقچی، عکس، ذرت، ثبت، صبر، ضمانت، طلا، ظرف، گذرنامه",
    }[lang]
    rng = random.Random(3)
    for style in [*styles(lang), *(random_style(lang, rng) for _ in range(5))]:
        out = romanize(text, lang, style)
        assert all(ord(ch) < 0x370 or not ch.isalpha() for ch in out), out


def test_when_random_styles_are_drawn_with_a_seed_then_they_repeat() -> None:
    assert random_style("el", random.Random(7)) == random_style("el", random.Random(7))
    assert len({tuple(sorted(random_style("ru", random.Random(s)).items())) for s in range(10)}) > 1


def test_when_training_examples_are_romanized_then_copies_keep_label_and_family_and_only_native_posts_are_copied(
    settings,  # type: ignore[no-untyped-def]
) -> None:
    from classifiers.train import add_romanized, build_examples

    posts = [
        {"text": "Переправка через Беларусь", "label": "smuggling_offer", "lang": "ru", "script": "native", "family": "ru-so-a"},
        {"text": "perepravka cherez belarus", "label": "smuggling_offer", "lang": "ru", "script": "latn", "family": "ru-so-b"},
        {"text": "Boat to Italy", "label": "smuggling_offer", "lang": "en", "script": "native", "family": "en-so-c"},
        {"text": "Χαμένο διαβατήριο", "label": "benign", "lang": "el", "script": "native", "family": "el-bn-d"},
    ]  # fmt: skip
    train = build_examples([{**p, "split": "train"} for p in posts], settings)["train"]
    out = add_romanized(train, 1.0, seed=1)
    assert out[: len(train)] == train
    copies = out[len(train) :]
    assert [(c.post["family"], c.label, c.post["script"]) for c in copies] == [
        ("ru-so-a", train[0].label, "latn"),
        ("el-bn-d", train[3].label, "latn"),
    ]
    assert all(c.redacted.isascii() for c in copies)
    assert add_romanized(train, 0.0, seed=1) == train
