"""Queue filters and their counts, over real HTTP."""

from __future__ import annotations

import re


def item_ids(page: str) -> list[int]:
    return [int(x) for x in re.findall(r'<tr data-item="(\d+)"', page)]


def count_of(page: str, facet: str, value: str) -> int:
    match = re.search(rf'name="{facet}" value="{value}"[^>]*>[^<]*</span><span class="count">(\d+)</span>', page)
    assert match, (facet, value)
    return int(match.group(1))


def test_filters_narrow_the_queue_and_counts_show_each_choice(live_app, client):
    client.login("alice")
    everything = client.get("/queue").text
    assert len(item_ids(everything)) == 5
    assert count_of(everything, "platform", "telegram") == 2
    assert count_of(everything, "language", "en") == 3

    telegram = client.get("/queue?platform=telegram").text
    assert {
        live_app.item_id("telegram:med_crossing_line:101"),
        live_app.item_id("telegram:docs_fast_service:505"),
    } == set(item_ids(telegram))
    assert count_of(telegram, "platform", "mastodon") == 1, "a facet counts over the other filters"
    assert count_of(telegram, "language", "de") == 1

    assert item_ids(client.get("/queue?label=document_fraud&language=de").text) == [
        live_app.item_id("telegram:docs_fast_service:505")
    ]
    assert item_ids(client.get("/queue?score_min=0.9").text) == [
        live_app.item_id(k)
        for k in ("telegram:med_crossing_line:101", "classifieds:documents:202", "group:migrants-help-hub:303")
    ]
    assert item_ids(client.get("/queue?score_max=0.6").text) == [live_app.item_id("mastodon:public:404")]
    cluster = live_app.query("SELECT cluster_id FROM review_items WHERE cluster_size > 1 LIMIT 1")[0][0]
    assert len(item_ids(client.get(f"/queue?cluster={cluster}").text)) == 2
    assert item_ids(client.get("/queue?score_min=abc&platform=nowhere").text) == []


def test_decided_items_leave_the_open_queue_but_stay_under_all(live_app, client):
    news = live_app.item_id("mastodon:public:404")
    client.login("alice")
    token = client.csrf()
    client.post(f"/items/{news}/decide", {"csrf_token": token, "decision": "reject", "reason": "news"})
    assert news not in item_ids(client.get("/queue").text)
    assert news in item_ids(client.get("/queue?status=all").text)
    assert item_ids(client.get("/queue?status=rejected").text) == [news]
