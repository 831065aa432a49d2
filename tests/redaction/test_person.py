"""Person names after cues, in the 12 languages."""

from __future__ import annotations

import pytest

from redaction.person import detect

CASES = [
    ("en", "My name is Amara Okafor, call me", "Amara Okafor"),
    ("en", "Ask for brother Samir. +44", "Samir"),
    ("en", "Mr. Tom Whitfield will meet you", "Tom Whitfield"),
    ("en", "@Tom Whitfield look at this", "@Tom Whitfield"),
    ("ar", "اسمي أحمد واتساب", "أحمد"),
    ("ar", "اتصل بمحمد بعد الساعة", "محمد"),
    ("fr", "Je m'appelle Jean Dupont", "Jean Dupont"),
    ("fr", "Demandez Monsieur Karim Haddad à la gare", "Karim Haddad"),
    ("es", "Me llamo Lucía Fernández", "Lucía Fernández"),
    ("it", "Mi chiamo Giulia Romano", "Giulia Romano"),
    ("de", "Ich heiße Lukas Becker", "Lukas Becker"),
    ("tr", "Benim adım Mehmet Yılmaz", "Mehmet Yılmaz"),
    ("fa", "با رضا تماس بگیرید", "رضا"),
    ("ru", "меня зовут Иван", "Иван"),
    ("ru", "@Тимур Алиев глянь", "@Тимур Алиев"),
    ("ur", "میرا نام بلال ہے", "بلال"),
    ("sq", "Unë quhem Arben Hoxha", "Arben Hoxha"),
    ("el", "Με λένε Νίκο Παπαδόπουλο", "Νίκο Παπαδόπουλο"),
    ("en", "I'm Grace Mensah, is there a place?", "Grace Mensah"),
    ("en", "Call Kwabena on arrival", "Kwabena"),
    ("sq", "A është e vërtetë? Një shok, Ermal Shehu, pagoi", "Ermal Shehu"),
    ("ur", "کیا یہ سچ ہے؟ میرے کزن وقاص گوندل نے پیسے دیے", "وقاص گوندل"),
    ("ar", "مع رنا الخطيب", "رنا الخطيب"),
]


@pytest.mark.parametrize(("lang", "text", "name"), CASES)
def test_when_a_cue_introduces_a_name_then_the_name_is_found(lang: str, text: str, name: str) -> None:
    assert name in {text[f.start : f.end] for f in detect(text)}


def test_when_a_turkish_name_carries_a_case_suffix_then_the_value_drops_it() -> None:
    assert "ahmet" in {f.value for f in detect("Ahmet'i arayın")}


@pytest.mark.parametrize(
    "text",
    [
        "Call me now",
        "I am in Athens",
        "Contact Us today",
        "Hermano mira el post",
        "Frag nach Fotos und Videos",
        "MARRIAGE FOR PAPERS WITH EUROPEAN PARTNER",
        "Trip to Italy on 12/5 for 2500€",
        "by God grace we arrive",
        "Call Center Paris",
        "مجھ سے رابطہ کریں",
        "میسج چیک کریں بھائی جان",
        "Contact: Chiamami subito",
        "Train to Sofia at 10:30",
        "Can you help me?",
        "Bello e sicuro, 2000 euro",
    ],
)
def test_when_capitalised_words_are_not_names_then_nothing_is_found(text: str) -> None:
    assert detect(text) == []
