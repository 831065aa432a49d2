"""A supervisor's approval, notes kept escaped, and sessions that end on their own."""

from __future__ import annotations

OFFER = "telegram:med_crossing_line:101"


def test_a_supervisor_approves_another_analysts_confirmation(live_app, clients):
    item = live_app.item_id(OFFER)
    alice = clients()
    alice.login("alice")
    note = "<b>same phone</b> as case <script>x()</script>"
    alice.post(
        f"/items/{item}/decide",
        {"csrf_token": alice.csrf(), "decision": "confirm", "label": "smuggling_offer", "note": note},
    )
    sam = clients()
    sam.login("sam")
    page = sam.get(f"/items/{item}").text
    assert 'id="decide-approve"' in page
    assert "&lt;b&gt;same phone&lt;/b&gt; as case &lt;script&gt;x()&lt;/script&gt;" in page, "notes are escaped"
    assert "<b>same phone</b>" not in page
    response = sam.post(f"/items/{item}/decide", {"csrf_token": sam.csrf(), "decision": "approve"})
    assert response.status_code == 303
    assert live_app.query("SELECT status, final_label FROM review_items WHERE item_id = ?", [item]) == [
        ("referable", "smuggling_offer")
    ]


def test_an_analyst_cannot_approve(live_app, client):
    item = live_app.item_id(OFFER)
    client.login("alice")
    response = client.post(f"/items/{item}/decide", {"csrf_token": client.csrf(), "decision": "approve"})
    assert response.status_code == 409
    assert "only a supervisor can approve" in response.text
    assert live_app.query("SELECT claimed_by FROM review_items WHERE item_id = ?", [item]) == [(None,)], (
        "a refused decision leaves no lock behind"
    )


def test_an_idle_session_ends(live_app, client):
    client.login("alice")
    assert client.get("/queue").status_code == 200
    live_app.query("UPDATE review_sessions SET last_seen = now() - INTERVAL 2 HOUR")
    assert client.get("/queue").headers["location"] == "/login"
    assert live_app.query("SELECT count(*) FROM review_sessions") == [(0,)]


def test_signing_out_ends_the_session_on_the_server(live_app, client):
    client.login("alice")
    stolen = dict(client.cookies)
    client.post("/logout", {"csrf_token": client.csrf()})
    client.cookies = stolen  # a copy of the old cookie is worthless now
    assert client.get("/queue").headers["location"] == "/login"
