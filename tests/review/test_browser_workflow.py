"""The analysts' main path in Chromium: sign in, walk the queue with the keyboard, confirm, have a colleague
confirm, export, and read the exported referral file."""

from __future__ import annotations

import json
import re

import pytest

from tests.review.conftest import sign_in

pytestmark = pytest.mark.browser

OFFER = "telegram:med_crossing_line:101"


def test_when_two_analysts_confirm_with_the_keyboard_then_the_export_holds_the_referral(browser, live_app, page):
    offer = live_app.item_id(OFFER)

    # alice: queue in priority order, first row selected; j/k move, Enter opens
    sign_in(page, "alice")
    assert page.url.endswith("/queue")
    rows = page.locator("tr[data-item]")
    first, second = rows.nth(0).get_attribute("data-item"), rows.nth(1).get_attribute("data-item")
    assert int(first) == offer, "the strongest offer in the biggest cluster comes first"
    assert "selected" in rows.nth(0).get_attribute("class")
    page.keyboard.press("j")
    assert "selected" in rows.nth(1).get_attribute("class")
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/items/{offer}")

    # j/k on the item page walk the queue too
    page.keyboard.press("j")
    page.wait_for_url(f"**/items/{second}")
    page.keyboard.press("k")
    page.wait_for_url(f"**/items/{offer}")

    # c picks confirm (label preset from the model), Enter submits; the app moves on to the next item
    page.keyboard.press("c")
    assert page.evaluate("document.activeElement.closest('form').id") == "decide-confirm"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/items/{second}")
    assert live_app.query("SELECT status FROM review_items WHERE item_id = ?", [offer]) == [("needs_second",)]

    # alice cannot be the second pair of eyes
    page.goto(f"/items/{offer}")
    page.keyboard.press("c")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "a second, different user must confirm" in page.locator(".error").inner_text()

    # bob confirms in his own browser session: four eyes reached
    other = browser.new_context(base_url=live_app.url)
    bob = other.new_page()
    sign_in(bob, "bob")
    bob.goto(f"/items/{offer}")
    assert bob.locator("#item-status").inner_text() == "needs second"
    bob.keyboard.press("c")
    with bob.expect_navigation():
        bob.keyboard.press("Enter")
    assert live_app.query("SELECT status, final_label FROM review_items WHERE item_id = ?", [offer]) == [
        ("referable", "smuggling_offer")
    ]

    # bob exports; the page lists the batch with download links
    bob.goto("/exports")
    assert bob.locator("#pending-total").inner_text() == "1"
    bob.click("#export-button")
    bob.wait_for_url("**/exports?done=1")
    link = bob.locator("#batches a", has_text="JSON").first
    with bob.expect_download() as download_info:
        link.click()
    document = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    other.close()

    assert document["platform"] == "telegram"
    assert re.match(r"^B-\d{8}T\d{6}Z-telegram-[0-9a-f]{6}$", document["batch_id"])
    [referral] = document["referrals"]
    assert referral["category"] == "smuggling_offer"
    assert referral["urls"] == ["https://example.com/telegram/med_crossing_line/101"]
    assert referral["human_reviewed"] is True
    assert "⟨" not in json.dumps(document), "no pseudonym placeholder leaves in a referral"
    assert live_app.query("SELECT status FROM review_items WHERE item_id = ?", [offer]) == [("referred",)]


def test_when_an_analyst_rejects_with_r_then_the_reason_is_recorded(live_app, page):
    news = live_app.item_id("mastodon:public:404")
    sign_in(page, "alice")
    page.goto(f"/items/{news}")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.press("ArrowDown")  # news -> NGO -> back to news: a closed select changes with the arrows
    page.keyboard.press("ArrowUp")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert live_app.query("SELECT decision, reason, username FROM decisions WHERE item_id = ?", [news]) == [
        ("reject", "news", "alice")
    ]


def test_when_an_analyst_escalates_with_e_then_the_item_waits_for_a_supervisor(live_app, page):
    item = live_app.item_id("telegram:docs_fast_service:505")
    sign_in(page, "alice")
    page.goto(f"/items/{item}")
    page.fill("#decide-escalate textarea[name=note]", "unsure: could be a legal translation office")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert live_app.query("SELECT status FROM review_items WHERE item_id = ?", [item]) == [("escalated",)]


def test_when_a_cluster_is_viewed_then_it_can_be_confirmed_in_bulk(live_app, page):
    offer = live_app.item_id(OFFER)
    sign_in(page, "alice")
    page.goto(f"/items/{offer}")
    page.click("text=View the whole cluster")
    assert page.locator(".member").count() == 2
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#bulk-confirm button[type=submit]")
    page.wait_for_url("**/queue?done=bulk")
    rows = live_app.query(
        "SELECT r.post_key, d.decision, d.label FROM decisions d JOIN review_items r USING (item_id) ORDER BY 1"
    )
    assert rows == [
        ("classifieds:documents:202", "confirm", "smuggling_offer"),
        (OFFER, "confirm", "smuggling_offer"),
    ]


def test_when_a_span_is_hovered_then_its_english_gloss_shows(live_app, page):
    french = live_app.item_id("classifieds:documents:202")
    sign_in(page, "alice")
    page.goto(f"/items/{french}")
    page.hover("mark.ev[data-kind=transport_route]")
    tip = page.locator("#gloss-tip")
    assert tip.is_visible()
    assert "smuggler" in tip.text_content()
    assert "transport route" in tip.text_content()
