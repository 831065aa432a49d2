"""Linked adverts: shared contact placeholders join posts across platforms and languages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from smugglewatch.settings import Settings
from tests.warehouse.runs import FRAUD_TEXT, SMUGGLING_TEXT, T0, post, token, write_run
from warehouse.clusters import cluster_of, clusters_for, components
from warehouse.db import connect
from warehouse.indicators import extract
from warehouse.load import load_run
from warehouse.queue import counts


def test_components_are_transitive() -> None:
    mapping = components([("a", "P1"), ("b", "P1"), ("b", "H1"), ("c", "H1"), ("d", "P2")])
    assert mapping["a"] == mapping["b"] == mapping["c"] != mapping["d"]


def test_posts_sharing_a_contact_form_one_cluster_across_platforms(settings: Settings, tmp_path: Path) -> None:
    phone, handle = token("PHONE", 0x77), token("HANDLE", 0x88)
    rows = [
        post("telegram", 1, SMUGGLING_TEXT.format(contact=phone), lang="en", published_at=T0 - timedelta(days=5)),
        post("classifieds", 2, FRAUD_TEXT.format(contact=f"{phone} or {handle}"), source="documents", lang="fr"),
        post("mastodon", 3, SMUGGLING_TEXT.format(contact=handle), lang="de", crawled_at=T0 + timedelta(days=1)),
        post("group", 4, SMUGGLING_TEXT.format(contact=token("PHONE", 0x99)), lang="en"),
    ]
    load_run(settings, write_run(tmp_path / "run", rows))
    conn = connect(settings, read_only=True)
    try:
        linked = cluster_of(conn, "telegram:chan:1")
        alone = cluster_of(conn, "group:chan:4")
        every = clusters_for(conn)
        item_sizes = dict(conn.execute("SELECT post_key, cluster_size FROM review_items").fetchall())
        facets = counts(conn)["by_cluster"]
    finally:
        conn.close()
    assert linked.size == 3
    assert linked.platforms == ["classifieds", "mastodon", "telegram"]
    assert linked.languages == ["de", "en", "fr"]
    assert linked.first_seen == T0 - timedelta(days=5)
    assert linked.last_seen == T0 + timedelta(days=1)
    assert every["mastodon:chan:3"].cluster_id == linked.cluster_id
    assert alone.size == 1 and alone.cluster_id != linked.cluster_id
    assert facets == {linked.cluster_id: 3}
    assert item_sizes == {"telegram:chan:1": 3, "classifieds:documents:2": 3, "mastodon:chan:3": 3, "group:chan:4": 1}


def test_contact_placeholders_in_entities_link_too(settings: Settings, tmp_path: Path) -> None:
    a = post("telegram", 1, "Trip from Libya to Italy, call now", lang="en")
    a["entities"] = [{"type": "PHONE", "start": 30, "end": 45, "token": token("PHONE", 5)}]
    b = post("group", 2, SMUGGLING_TEXT.format(contact=token("PHONE", 5)), lang="en")
    load_run(settings, write_run(tmp_path / "run", [a, b], ["smuggling_offer", "smuggling_offer"]))
    conn = connect(settings, read_only=True)
    try:
        assert cluster_of(conn, "telegram:chan:1").size == 2
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trip fom Tangier to Germany. Safe boat. $ 1.600 per person",
         {("route", "Morocco → Germany"), ("transport", "boat"), ("price", "USD 1600")}),
        ("Schengen visa in 19 days. €1,700", {("document", "visa"), ("price", "EUR 1700")}),
        ("T r i p from Libya -> Lampedusa by dinghy 3000 EUR", {("route", "Libya → Italy"), ("price", "EUR 3000")}),
        ("passeport français, acte de mariage", {("document", "passport"), ("document", "marriage certificate")}),
        (f"WhatsApp {token('PHONE', 1)} or {token('PERSON', 2)}", {("contact", "PHONE:k1:00000001")}),
        ("Best pizza in Athens, open until 01:00", {("country", "Greece")}),
    ],
)  # fmt: skip
def test_indicators_are_extracted_from_redacted_text(text: str, expected: set) -> None:
    found = set(extract(text))
    assert expected <= found
    assert not any(kind == "contact" and value.startswith("PERSON") for kind, value in found)
