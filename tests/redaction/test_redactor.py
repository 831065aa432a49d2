"""The redactor end to end: tokens, offsets into the input, linking across posts, comments."""

from __future__ import annotations

import re

from redaction.pseudonym import TOKEN_RE
from redaction.redactor import Redactor, find


def test_when_a_text_is_redacted_then_offsets_point_into_the_input(redactor: Redactor) -> None:
    text = "Boat 2.500€. WhatsApp +44 7700 900123, mail kavo [at] example dot com, @zokaru_88"
    result = redactor.redact(text)
    spans = [(e["type"], text[e["start"] : e["end"]]) for e in result.entities]
    assert spans == [
        ("PHONE", "+44 7700 900123"),
        ("EMAIL", "kavo [at] example dot com"),
        ("HANDLE", "@zokaru_88"),
    ]
    assert result.text_redacted.startswith("Boat 2.500€. WhatsApp ⟨PHONE:k1:")
    assert "7700" not in result.text_redacted and "kavo" not in result.text_redacted


def test_tokens_have_the_contract_shape(redactor: Redactor) -> None:
    result = redactor.redact("call +44 7700 900123")
    token = result.entities[0]["token"]
    assert TOKEN_RE.fullmatch(token)
    assert re.fullmatch(r"⟨PHONE:k1:[0-9a-f]{8}⟩", token)


def test_when_one_number_is_written_differently_in_two_posts_then_both_get_the_same_token(
    redactor: Redactor,
) -> None:
    first, second, third = redactor.redact_many(
        ["WhatsApp +44 7700 900123", "call 07700 900123 today", "واتساب ٠٠٤٤٧٧٠٠٩٠٠١٢٣"]
    )
    tokens = {first.entities[0]["token"], second.entities[0]["token"], third.entities[0]["token"]}
    assert len(tokens) == 1


def test_when_a_different_number_is_written_then_the_token_differs(redactor: Redactor) -> None:
    a, b = redactor.redact_many(["+44 7700 900123", "+44 7700 900124"])
    assert a.entities[0]["token"] != b.entities[0]["token"]


def test_when_a_wa_me_link_carries_a_number_then_its_token_links_with_the_phone_token(redactor: Redactor) -> None:
    link, phone = redactor.redact_many(["wa.me/447700900123", "+44 7700 900123"])
    assert link.entities[0]["token"].startswith("⟨HANDLE:k1:")
    assert link.entities[0]["token"].split(":")[2] == phone.entities[0]["token"].split(":")[2]


def test_when_a_handle_is_written_as_mention_or_link_then_the_token_is_the_same(redactor: Redactor) -> None:
    a, b = redactor.redact_many(["DM @Zokaru_88", "t.me/zokaru_88"])
    assert a.entities[0]["token"] == b.entities[0]["token"]


def test_when_native_digits_are_used_then_offsets_still_match_the_original(redactor: Redactor) -> None:
    text = "شماره ۰۹۱۲ ۳۴۵ ۶۷۸۹ واتساب"
    entity = redactor.redact(text).entities[0]
    assert text[entity["start"] : entity["end"]] == "۰۹۱۲ ۳۴۵ ۶۷۸۹"


def test_when_findings_overlap_then_the_more_specific_type_wins() -> None:
    found = find("tiktok.com/@kavo and kavo@example.com")
    assert [f.type for f in found] == ["URL", "EMAIL"]


def test_when_text_has_no_identifiers_then_it_is_unchanged(redactor: Redactor) -> None:
    text = "Flight TK 1881 at 14:30 on 12.05.2026, 2 bags, 1.250 €, postcode 75001"
    assert redactor.redact(text).text_redacted == text


def test_when_comments_come_from_bystanders_then_authors_go_and_identifiers_are_redacted(
    redactor: Redactor,
) -> None:
    comments = [
        {"by_poster": True, "author": "seller", "text": "still available"},
        {"by_poster": False, "author": "Helen Doyle", "text": "Call me +44 7700 900321"},
    ]
    kept = redactor.redact_comments(comments)
    assert kept[1] == {"by_poster": False, "text": kept[1]["text"]}
    assert "7700" not in kept[1]["text"]
    assert redactor.redact_comments(comments, drop_bystanders=True) == [kept[0]]
