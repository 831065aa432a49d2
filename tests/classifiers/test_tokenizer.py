"""The corpus tokenizer covers every script without an unknown token, with offsets into the text."""

from __future__ import annotations

import pytest

from classifiers.tokenizer import train_tokenizer

SAMPLES = {
    "latin": "Trip to Lampedusa, prix par personne, garantía",
    "arabic": "رحلة إلى إيطاليا بالقارب",
    "persian": "قاچاقچی مرز پاسپورت",
    "urdu": "ڈنکی پاسپورٹ ویزا",
    "cyrillic": "Паспорт в базе",
    "greek": "διαβατήριο γνήσιο",
    "albanian": "pasaportë, leje qëndrimi",
    "cjk": "护照 パスポート",
    "emoji": "🚤✈️🇪🇺 ✅",
    "placeholder": "⟨PHONE⟩ ⟨EMAIL⟩",
}


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    # Deliberately trained without CJK or emoji: byte fallback must still cover them.
    texts = ["Trip to Italy by boat ⟨PHONE⟩", "رحلة إلى إيطاليا", "Паспорт", "διαβατήριο"] * 20
    return train_tokenizer(texts, vocab_size=400, max_length=64)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_when_any_script_is_tokenized_then_there_is_no_unknown_token(tokenizer, name: str) -> None:  # type: ignore[no-untyped-def]
    ids = tokenizer(SAMPLES[name])["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert len(ids) > 2


def test_when_tokenized_then_offsets_point_into_the_text(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "BOAT to Italy"
    enc = tokenizer(text, return_offsets_mapping=True)
    covered = "".join(text[s:e] for s, e in enc["offset_mapping"] if e > s)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_when_saved_then_autotokenizer_loads_the_same_tokenizer(tokenizer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer

    tokenizer.save_pretrained(tmp_path)
    loaded = AutoTokenizer.from_pretrained(tmp_path)
    assert loaded(SAMPLES["arabic"])["input_ids"] == tokenizer(SAMPLES["arabic"])["input_ids"]
