"""The review queue: filters, counts, claims and the four-eyes rule."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.queue import QueueError, claim, counts, decide, decisions_of, get_item, list_items, release
from warehouse.users import UserError


def first_item(db: duckdb.DuckDBPyConnection, **filters) -> int:
    return list_items(db, limit=1, **filters)[0].item_id


def test_items_come_highest_priority_first_with_their_cluster(db: duckdb.DuckDBPyConnection) -> None:
    items = list_items(db, limit=100)
    assert [i.priority for i in items] == sorted((i.priority for i in items), reverse=True)
    assert all(i.cluster_id and i.cluster_size >= 1 for i in items)
    assert all("⟨" in i.text_redacted for i in items)


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"platform": "telegram"}, lambda i: i.platform == "telegram"),
        ({"lang": "fr"}, lambda i: i.lang == "fr"),
        ({"label": "document_fraud"}, lambda i: i.label == "document_fraud"),
        ({"min_score": 0.9}, lambda i: i.score >= 0.9),
        ({"status": "new"}, lambda i: i.status == "new"),
    ],
)
def test_filters_narrow_the_list(db: duckdb.DuckDBPyConnection, filters: dict, check) -> None:
    items = list_items(db, limit=100, **filters)
    assert items
    assert all(check(i) for i in items)
    assert len(items) == counts(db, **filters)["total"]


def test_counts_break_the_queue_down_for_the_app(db: duckdb.DuckDBPyConnection) -> None:
    summary = counts(db)
    assert summary["total"] == len(list_items(db, limit=100))
    assert sum(summary["by_platform"].values()) == summary["total"]
    assert set(summary["by_label"]) <= {"smuggling_offer", "document_fraud"}
    assert summary["by_status"] == {"new": summary["total"]}
    assert all(n >= 1 for n in summary["by_cluster"].values())


def test_a_reason_with_an_identifier_is_refused_and_nothing_is_recorded(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    with pytest.raises(QueueError, match="rephrase the reason"):
        decide(db, item, "alice", "reject", reason="seller is +44 7700 900123")
    assert decisions_of(db, item) == []
    assert get_item(db, item).status == "new"


def test_two_different_analysts_make_an_item_referable(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    assert decide(db, item, "alice", "confirm").status == "needs_second"
    result = decide(db, item, "bob", "confirm", note="Same advert seen last week")
    assert result.status == "referable"
    assert get_item(db, item).status == "referable"
    assert [d["username"] for d in decisions_of(db, item)] == ["alice", "bob"]


def test_the_same_analyst_cannot_confirm_twice(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    decide(db, item, "alice", "confirm")
    with pytest.raises(QueueError, match="second, different user"):
        decide(db, item, "alice", "confirm")
    assert get_item(db, item).status == "needs_second"
    assert len(decisions_of(db, item)) == 1


def test_a_supervisor_approves_one_analysts_confirmation(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db, label="document_fraud")
    decide(db, item, "alice", "confirm")
    result = decide(db, item, "sue", "approve")
    assert (result.status, result.label) == ("referable", "document_fraud")


def test_only_a_supervisor_can_approve_and_only_someone_elses_confirmation(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    decide(db, item, "alice", "confirm")
    with pytest.raises(QueueError, match="only a supervisor"):
        decide(db, item, "bob", "approve")
    other = list_items(db, limit=2)[1].item_id
    decide(db, other, "sue", "confirm")
    with pytest.raises(QueueError, match="no confirmation by another user"):
        decide(db, other, "sue", "approve")
    assert get_item(db, other).status == "needs_second"


def test_a_single_confirmation_is_never_referable(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    decide(db, item, "alice", "confirm")
    decide(db, item, "alice", "escalate")
    assert get_item(db, item).status == "escalated"
    decide(db, item, "alice", "confirm")  # changed her mind back: still one person
    assert get_item(db, item).status == "needs_second"


def test_disagreement_goes_to_a_supervisor(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    decide(db, item, "alice", "confirm", label="smuggling_offer")
    assert decide(db, item, "bob", "reject", reason="tourist trip").status == "escalated"
    other = list_items(db, limit=2, status="new")[1].item_id
    decide(db, other, "alice", "confirm", label="smuggling_offer")
    assert decide(db, other, "bob", "confirm", label="document_fraud").status == "escalated"
    assert decide(db, other, "sue", "approve", label="document_fraud").status == "referable"
    assert get_item(db, other).label == "document_fraud"


def test_a_supervisors_reject_closes_the_item(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    decide(db, item, "alice", "confirm")
    decide(db, item, "bob", "confirm")
    assert decide(db, item, "sue", "reject", reason="news report").status == "rejected"


@pytest.mark.parametrize(
    ("user", "message"),
    [("mallory", "unknown user 'mallory'.*smugglewatch users add"), ("otto", "role 'auditor'")],
)
def test_unknown_users_and_auditors_cannot_decide(db: duckdb.DuckDBPyConnection, user: str, message: str) -> None:
    item = first_item(db)
    with pytest.raises(UserError, match=message):
        decide(db, item, user, "confirm")
    assert decisions_of(db, item) == []


def test_disabled_users_cannot_decide(db: duckdb.DuckDBPyConnection) -> None:
    db.execute("UPDATE users SET disabled = true WHERE username = 'carol'")
    with pytest.raises(UserError, match="disabled"):
        decide(db, first_item(db), "carol", "confirm")


def test_unknown_items_and_decisions_get_clear_errors(db: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(QueueError, match="no review item 99999"):
        decide(db, 99999, "alice", "confirm")
    with pytest.raises(QueueError, match="unknown decision"):
        decide(db, first_item(db), "alice", "maybe")


def test_a_claim_locks_the_item_until_it_expires_or_is_released(db: duckdb.DuckDBPyConnection) -> None:
    item = first_item(db)
    claim(db, item, "alice", ttl_s=600)
    assert get_item(db, item).claimed_by == "alice"
    with pytest.raises(QueueError, match="claimed by alice"):
        claim(db, item, "bob")
    with pytest.raises(QueueError, match="claimed by alice"):
        decide(db, item, "bob", "confirm")
    assert item not in [i.item_id for i in list_items(db, limit=100, unclaimed_only=True)]
    release(db, item, "alice")
    claim(db, item, "bob", ttl_s=0)  # expires at once
    claim(db, item, "carol")
    decide(db, item, "carol", "confirm")
    assert get_item(db, item).claimed_by is None  # deciding gives the claim back


def test_concurrent_decisions_from_app_threads_are_all_kept(settings, db: duckdb.DuckDBPyConnection) -> None:
    """The review app serves requests on threads, each with its own connection to the same file."""
    import threading

    from redaction.audit import verify
    from warehouse.db import connect

    items = [i.item_id for i in list_items(db, limit=4)]
    errors: list[BaseException] = []

    def analyst(user: str) -> None:
        conn = connect(settings)
        try:
            for item in items:
                decide(conn, item, user, "confirm")
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=analyst, args=(u,)) for u in ("alice", "bob", "carol")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 3 * len(items)
    assert {get_item(db, i).status for i in items} == {"referable"}
    assert verify(db).ok
