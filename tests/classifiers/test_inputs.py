"""Redacted inputs: the model reads placeholders as their type, and spans map back to the analyst's text."""

from __future__ import annotations

from classifiers.inputs import InterimRedactor, normalise, prepare, redactor_name


def test_when_placeholders_are_normalised_then_key_and_hash_are_gone() -> None:
    redacted = "Call ⟨PHONE:k1:3f9a1c2b⟩ or mail ⟨EMAIL:k2:00aa11bb⟩ today"
    assert normalise(redacted).text == "Call ⟨PHONE⟩ or mail ⟨EMAIL⟩ today"


def test_when_a_model_span_is_mapped_back_then_it_points_at_the_same_words_in_the_redacted_text() -> None:
    redacted = "Call ⟨PHONE:k1:3f9a1c2b⟩ for the boat to Italy"
    mt = normalise(redacted)
    start = mt.text.index("boat")
    s, e = mt.to_redacted(start, start + 4)
    assert redacted[s:e] == "boat"


def test_when_a_model_span_touches_a_placeholder_then_it_covers_the_whole_placeholder() -> None:
    redacted = "Call ⟨PHONE:k1:3f9a1c2b⟩ now"
    mt = normalise(redacted)
    s, e = mt.to_redacted(mt.text.index("⟨") + 1, mt.text.index("⟩"))
    assert redacted[s:e] == "⟨PHONE:k1:3f9a1c2b⟩"


def test_when_the_interim_redactor_runs_then_contacts_become_placeholders_with_entities() -> None:
    text = "WhatsApp +44 7700 900123 or zokaru@example.com, t.me/zokaru_88, price 2.500€"
    result = InterimRedactor().redact(text)
    assert "7700" not in result.text_redacted and "example.com" not in result.text_redacted
    assert "2.500€" in result.text_redacted
    assert {e.type for e in result.entities} == {"PHONE", "EMAIL", "URL"}
    for entity in result.entities:
        assert entity.token in result.text_redacted


def test_when_preparing_then_the_pipeline_redactor_is_used_and_no_raw_phone_survives(settings) -> None:  # type: ignore[no-untyped-def]
    (out,) = prepare(["Boat to Italy, call +44 7700 900123"], settings)
    assert "7700 900123" not in out
    assert "⟨PHONE:" in out
    assert redactor_name(settings) in {"redaction.Redactor", "interim"}
