"""Revealing an original: only with a justification, always logged as a consultation."""

from __future__ import annotations

import html

SEALED = "classifieds:documents:202"


def test_reveal_without_a_justification_shows_nothing_and_logs_nothing(live_app, client):
    item = live_app.item_id(SEALED)
    client.login("alice")
    response = client.post(f"/items/{item}/reveal", {"csrf_token": client.csrf(), "justification": "  because  "})
    assert response.status_code == 400
    assert "Give a justification" in response.text
    assert 'id="original"' not in response.text
    assert live_app.query("SELECT count(*) FROM audit_log WHERE operation = 'consultation'") == [(0,)]


def test_reveal_with_a_justification_shows_the_original_and_logs_a_consultation(live_app, client):
    item = live_app.item_id(SEALED)
    client.login("alice")
    reason = "checking whether the contact matches the open case file"
    response = client.post(f"/items/{item}/reveal", {"csrf_token": client.csrf(), "justification": reason})
    assert response.status_code == 200
    assert html.escape(live_app.originals[SEALED], quote=False) in response.text
    assert response.headers["cache-control"] == "no-store"
    rows = live_app.query(
        "SELECT actor, role, object_type, object_id, justification FROM audit_log WHERE operation = 'consultation'"
    )
    [(actor, role, object_type, object_id, justification)] = rows
    assert (actor, role, object_type, justification) == ("alice", "analyst", "vault", reason)
    assert object_id.startswith(SEALED + "@")


def test_the_auditor_sees_the_consultation_and_an_intact_chain(live_app, clients):
    item = live_app.item_id(SEALED)
    analyst = clients()
    analyst.login("alice")
    reason = "checking whether the contact matches the open case file"
    analyst.post(f"/items/{item}/reveal", {"csrf_token": analyst.csrf(), "justification": reason})

    auditor = clients()
    auditor.login("audrey")
    page = auditor.get("/audit").text
    assert "Chain verified" in page
    filtered = auditor.post(
        "/audit", {"csrf_token": auditor.csrf("/audit"), "operation": "consultation", "actor": "alice"}
    ).text
    assert "1 matching entry" in filtered and reason in filtered

    live_app.query("UPDATE audit_log SET justification = 'edited later' WHERE operation = 'consultation'")
    assert "Chain broken at entry" in auditor.get("/audit").text
