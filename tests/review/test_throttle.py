"""Login throttling rules, directly on the warehouse table."""

from __future__ import annotations

from review.throttle import LoginThrottle


def test_one_client_cannot_walk_through_many_accounts(settings):
    from warehouse.db import session

    throttle = LoginThrottle(max_failures=5, window_minutes=15, max_per_client=3)
    with session(settings) as conn:
        for name in ("ann", "ben", "cat"):
            assert throttle.retry_after(conn, name, "10.0.0.1") == 0
            throttle.failed(conn, name, "10.0.0.1")
        assert throttle.retry_after(conn, "dan", "10.0.0.1") > 0, "a fourth account from the same client waits"
        assert throttle.retry_after(conn, "dan", "10.0.0.2") == 0, "another client is not affected"


def test_an_account_waits_out_the_window_and_success_clears_it(settings):
    from warehouse.db import session

    throttle = LoginThrottle(max_failures=2, window_minutes=15, max_per_client=100)
    with session(settings) as conn:
        throttle.failed(conn, "Ann ", "a")
        throttle.failed(conn, "ann", "b")
        wait = throttle.retry_after(conn, "ann", "c")
        assert 14 * 60 <= wait <= 15 * 60 + 1, "names are compared trimmed and case-folded"
        conn.execute("UPDATE review_login_failures SET failed_at = failed_at - INTERVAL 16 MINUTE")
        assert throttle.retry_after(conn, "ann", "c") == 0
        throttle.failed(conn, "ann", "c")
        throttle.succeeded(conn, "ann")
        assert conn.execute("SELECT count(*) FROM review_login_failures").fetchone() == (0,)
