"""Login throttling: after too many failed sign-ins an account refuses attempts for a while.

Failures are kept per account in the warehouse (so a restart does not reset them) under a hash of the
username, never the name itself, and per client address in memory (so one client cannot walk through
many accounts). A successful sign-in clears the account's failures.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
from datetime import UTC, datetime, timedelta

import duckdb


def account_key(username: str) -> str:
    return hashlib.sha256(("login:" + username.strip().lower()).encode()).hexdigest()


class LoginThrottle:
    """Counts failures in a sliding window; ``retry_after`` says how many seconds a caller must wait."""

    def __init__(self, max_failures: int, window_minutes: float, max_per_client: int) -> None:
        self.max_failures = max_failures
        self.window = timedelta(minutes=window_minutes)
        self.max_per_client = max_per_client
        self._clients: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, conn: duckdb.DuckDBPyConnection, username: str, client: str) -> int:
        """Seconds until this account (or client) may try again; 0 when it may try now."""
        since = datetime.now(UTC) - self.window
        rows = conn.execute(
            "SELECT failed_at FROM review_login_failures WHERE account_key = ? AND failed_at > ? ORDER BY failed_at",
            [account_key(username), since],
        ).fetchall()
        waits = [0.0]
        if len(rows) >= self.max_failures:
            oldest = rows[-self.max_failures][0]
            waits.append((oldest + self.window - datetime.now(UTC)).total_seconds())
        with self._lock:
            hits = self._prune(client)
            if len(hits) >= self.max_per_client:
                waits.append(hits[0] + self.window.total_seconds() - time.monotonic())
        return max(0, int(max(waits)) + (1 if max(waits) > 0 else 0))

    def failed(self, conn: duckdb.DuckDBPyConnection, username: str, client: str) -> None:
        conn.execute(
            "INSERT INTO review_login_failures (account_key, failed_at) VALUES (?, ?)",
            [account_key(username), datetime.now(UTC)],
        )
        with self._lock:
            self._prune(client).append(time.monotonic())

    def succeeded(self, conn: duckdb.DuckDBPyConnection, username: str) -> None:
        conn.execute("DELETE FROM review_login_failures WHERE account_key = ?", [account_key(username)])

    def _prune(self, client: str) -> deque[float]:
        hits = self._clients[client]
        horizon = time.monotonic() - self.window.total_seconds()
        while hits and hits[0] < horizon:
            hits.popleft()
        return hits
