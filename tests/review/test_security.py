"""Security properties over real HTTP: sign-in on every route, role checks, CSRF on every POST, headers, cookies,
login throttling, claim locks, logs without personal data."""

from __future__ import annotations

import logging
import re

import pytest

from tests.review.conftest import PASSWORDS

OFFER = "telegram:med_crossing_line:101"


def _routes(method: str) -> list[str]:
    from fastapi.routing import APIRoute

    from review.routes import audit, auth, exports, items, queue

    paths = []
    for module in (auth, queue, items, exports, audit):
        for route in module.router.routes:
            if isinstance(route, APIRoute) and method in route.methods:
                paths.append(route.path)
    return paths


def _concrete(path: str, item_id: int, cluster_id: str = "c0") -> str:
    return (
        path.replace("{item_id}", str(item_id))
        .replace("{cluster_id}", cluster_id)
        .replace("{batch_id}", "B-1")
        .replace("{fmt}", "json")
    )


def test_every_page_and_endpoint_sends_a_stranger_to_sign_in(live_app, client):
    item = live_app.item_id(OFFER)
    for path in _routes("GET"):
        if path == "/login":
            continue
        response = client.get(_concrete(path, item))
        assert response.status_code == 303 and response.headers["location"] == "/login", path
    for path in _routes("POST"):
        if path == "/login":
            continue
        response = client.post(_concrete(path, item), {"decision": "confirm", "label": "smuggling_offer"})
        assert response.status_code == 303 and response.headers["location"] == "/login", path
    assert live_app.query("SELECT count(*) FROM decisions") == [(0,)]


@pytest.mark.parametrize("user", ["alice", "sam", "audrey"])
def test_every_post_without_the_csrf_token_is_refused(live_app, client, user):
    item = live_app.item_id(OFFER)
    client.login(user)
    for path in _routes("POST"):
        if path == "/login":
            continue
        data = {"decision": "confirm", "label": "smuggling_offer", "justification": "x" * 40}
        for token in (None, "forged-token"):
            body = data if token is None else {**data, "csrf_token": token}
            response = client.post(_concrete(path, item), body)
            assert response.status_code == 403, (path, response.status_code)
    assert live_app.query("SELECT count(*) FROM decisions") == [(0,)]
    assert client.get("/").status_code == 303, "still signed in: logout without a token was refused too"


def test_the_login_form_needs_its_own_token(live_app, client):
    response = client.post("/login", {"username": "alice", "password": PASSWORDS["alice"], "csrf_token": "x"})
    assert response.status_code == 403
    assert "sw_session" not in client.cookies


ROLE_TABLE = [
    # (user, method, path, allowed)
    ("alice", "GET", "/queue", True),
    ("alice", "GET", "/exports", True),
    ("alice", "GET", "/audit", False),
    ("alice", "POST", "/audit", False),
    ("sam", "GET", "/queue", True),
    ("sam", "GET", "/audit", False),
    ("audrey", "GET", "/audit", True),
    ("audrey", "POST", "/audit", True),
    ("audrey", "GET", "/queue", False),
    ("audrey", "GET", "/items/{item_id}", False),
    ("audrey", "POST", "/items/{item_id}/decide", False),
    ("audrey", "POST", "/items/{item_id}/claim", False),
    ("audrey", "POST", "/items/{item_id}/reveal", False),
    ("audrey", "GET", "/exports", False),
    ("audrey", "POST", "/exports", False),
]


@pytest.mark.parametrize("user", ["alice", "sam", "audrey"])
def test_each_role_reaches_only_its_pages(live_app, client, user):
    item = live_app.item_id(OFFER)
    client.login(user)
    token = client.csrf("/audit" if user == "audrey" else "/queue")
    for who, method, path, allowed in ROLE_TABLE:
        if who != user:
            continue
        url = _concrete(path, item)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {"csrf_token": token, "decision": "confirm", "label": "smuggling_offer"})
        assert response.status_code == (200 if allowed else 403), (method, path, response.status_code)
    assert live_app.query("SELECT count(*) FROM decisions") == [(0,)]


def test_a_signed_in_user_lands_on_the_home_of_their_role(clients):
    assert clients().login("audrey").headers["location"] == "/audit"
    assert clients().login("alice").headers["location"] == "/queue"


def test_pages_carry_a_strict_policy_and_the_session_cookie_is_locked_down(live_app, client):
    response = client.login("alice")
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("sw_session="))
    assert all(flag in cookie.lower() for flag in ("secure", "httponly", "samesite=strict", "path=/"))
    page = client.get("/queue")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text and "style=" not in page.text, "no inline script or style in our markup"
    assert re.findall(r'<script src="([^"]+)"', page.text) == ["/static/app.js"]


def test_login_is_throttled_after_repeated_failures(live_app, client, clients):
    for _ in range(5):
        assert client.login("alice", "wrong-password-x").status_code == 401
    refused = client.login("alice")  # the right password no longer helps for a while
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.text
    assert clients().login("bob").status_code == 303, "other accounts are not locked out"
    stored = live_app.query("SELECT account_key FROM review_login_failures")
    assert len(stored) == 5 and all("alice" not in key for (key,) in stored), "only a hash of the name is kept"


def test_a_claimed_item_cannot_be_claimed_or_decided_by_a_second_analyst(live_app, client, clients):
    item = live_app.item_id(OFFER)
    client.login("alice")
    assert client.post(f"/items/{item}/claim", {"csrf_token": client.csrf()}).status_code == 303
    bob = clients()
    bob.login("bob")
    token = bob.csrf()
    refused = bob.post(f"/items/{item}/claim", {"csrf_token": token})
    assert refused.status_code == 409 and "claimed by alice" in refused.text
    decided = bob.post(
        f"/items/{item}/decide", {"csrf_token": token, "decision": "confirm", "label": "smuggling_offer"}
    )
    assert decided.status_code == 409
    page = bob.get(f"/items/{item}").text
    assert "Claimed by alice" in page and 'id="decide-confirm"' not in page
    assert live_app.query("SELECT claimed_by FROM review_items WHERE item_id = ?", [item]) == [("alice",)]
    assert live_app.query("SELECT count(*) FROM decisions") == [(0,)]


def test_a_released_claim_frees_the_item_at_once(live_app, client):
    item = live_app.item_id(OFFER)
    client.login("alice")
    client.post(f"/items/{item}/claim", {"csrf_token": client.csrf()})
    assert 'id="release"' in client.get(f"/items/{item}").text
    assert client.post(f"/items/{item}/release", {"csrf_token": client.csrf()}).status_code == 303
    assert live_app.query("SELECT claimed_by FROM review_items WHERE item_id = ?", [item]) == [(None,)]


def test_an_expired_claim_frees_the_item(live_app, client, clients):
    item = live_app.item_id(OFFER)
    client.login("alice")
    client.post(f"/items/{item}/claim", {"csrf_token": client.csrf()})
    live_app.query("UPDATE review_items SET claim_expires_at = now() - INTERVAL 1 MINUTE WHERE item_id = ?", [item])
    bob = clients()
    bob.login("bob")
    assert bob.post(f"/items/{item}/claim", {"csrf_token": bob.csrf()}).status_code == 303
    assert live_app.query("SELECT claimed_by FROM review_items WHERE item_id = ?", [item]) == [("bob",)]


def test_disabling_an_account_ends_its_sessions(live_app, client):
    from review.users import disable_user
    from warehouse.db import session

    client.login("alice")
    assert client.get("/queue").status_code == 200
    with session(live_app.settings) as conn:
        disable_user(conn, "alice")
    assert client.get("/queue").headers["location"] == "/login"
    assert client.login("alice").status_code == 401


def test_the_access_log_names_routes_not_people_or_queries(live_app, client, caplog):
    item = live_app.item_id("group:migrants-help-hub:303")
    with caplog.at_level(logging.INFO, logger="review.access"):
        client.login("alice")
        client.get("/queue?platform=telegram&language=en")
        client.get(f"/items/{item}")
        client.post(f"/items/{item}/reveal", {"csrf_token": client.csrf(), "justification": "too short"})
    lines = [r.getMessage() for r in caplog.records if r.name == "review.access"]
    assert "GET /items/{item_id} 200" in " ".join(lines)
    text = "\n".join(lines)
    for secret in ("alice", PASSWORDS["alice"], "platform=", "telegram", "127.0.0.1", "Seats tonight", f"/{item}"):
        assert secret not in text, secret


def test_an_unexpected_error_is_logged_without_its_message(live_app, client, caplog):
    item = live_app.item_id("group:migrants-help-hub:303")
    client.login("alice")
    live_app.query("DROP TABLE comments")  # the item page now fails with a message naming what is missing
    with caplog.at_level(logging.INFO):
        response = client.get(f"/items/{item}")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "unhandled" in logged and "review/display.py" in logged, "the type and where it happened are logged"
    assert "does not exist" not in logged and "Table" not in logged, "the message itself is never logged"
