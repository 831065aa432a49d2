"""Post content is hostile input: in Chromium, a post with <script> and HTML does not run or break the page,
and the source URL is never fetched by the app."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.review.conftest import sign_in
from tests.review.seed import HOSTILE

pytestmark = pytest.mark.browser

HOSTILE_KEY = "group:migrants-help-hub:303"


def test_a_post_with_script_and_html_is_shown_literally_and_never_runs(live_app, page):
    dialogs, errors, foreign = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: urlparse(r.url).hostname != "127.0.0.1" and foreign.append(r.url))
    item = live_app.item_id(HOSTILE_KEY)

    sign_in(page, "alice")
    assert HOSTILE.replace("\n", " ")[:40] in page.locator(f"tr[data-item='{item}'] .excerpt").text_content()
    page.goto(f"/items/{item}")
    text = page.locator("#post-text")
    assert text.text_content() == HOSTILE, "shown literally, character for character"
    assert text.locator("script, img").count() == 0, "no element was created from the post"
    assert page.locator("footer.foot").is_visible(), "the page structure survived </div></body> in the post"
    assert page.locator("#decide-confirm").is_visible()
    page.hover("mark.ev")  # the gloss tooltip is built with textContent, not HTML
    page.wait_for_timeout(300)
    assert dialogs == [] and errors == []
    assert foreign == [], "nothing outside the app was requested (no auto-open, no prefetch of the source URL)"


def test_the_source_url_is_a_plain_link_that_does_not_leak_the_app(live_app, page):
    item = live_app.item_id("telegram:med_crossing_line:101")
    sign_in(page, "alice")
    page.goto(f"/items/{item}")
    link = page.locator("a#source-url")
    assert link.get_attribute("href") == "https://example.com/telegram/med_crossing_line/101"
    assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    assert link.get_attribute("target") == "_blank"


def test_a_javascript_url_from_a_post_stays_text(live_app, page):
    item = live_app.item_id(HOSTILE_KEY)
    live_app.query("UPDATE posts SET url = 'javascript:alert(1)' WHERE post_key = ?", [HOSTILE_KEY])
    sign_in(page, "alice")
    page.goto(f"/items/{item}")
    assert page.locator("a#source-url").count() == 0
    assert page.locator("span#source-url").text_content() == "javascript:alert(1)"


def test_the_queue_screenshot_for_the_readme(live_app, page):
    """The queue as an analyst sees it mid-shift (fictional data); written to $REVIEW_SCREENSHOT when set:
    REVIEW_SCREENSHOT=docs/screenshots/queue.png pytest tests/review -k screenshot"""
    import os
    from pathlib import Path

    from warehouse import queue
    from warehouse.db import session

    with session(live_app.settings) as conn:
        queue.decide(conn, live_app.item_id("classifieds:documents:202"), "bob", "confirm", label="document_fraud")
        queue.claim(conn, live_app.item_id("telegram:docs_fast_service:505"), "bob")
    sign_in(page, "alice")
    page.keyboard.press("j")
    assert page.locator("tr.selected").count() == 1
    assert "claimed by bob" in page.locator("#queue").text_content()
    target = os.environ.get("REVIEW_SCREENSHOT")
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1360, "height": 720})
        page.screenshot(path=target, full_page=True)
