"""Review-app fixtures: a seeded warehouse, accounts, the real app under uvicorn on a free loopback port, and
Debian's chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from tests.review.seed import seed_warehouse

PASSWORDS = {
    "alice": "alice-password-1",
    "bob": "bob-password-22",
    "sam": "sam-password-333",
    "audrey": "audrey-password-4",
}
ROLES = {"alice": "analyst", "bob": "analyst", "sam": "supervisor", "audrey": "auditor"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _vault_seal(settings):
    """Seal originals with the real vault, as the redaction stage does for the loader."""
    from redaction.vault import Vault

    vault = Vault.from_settings(settings)

    def sealer(object_id: str, text: str) -> tuple:
        row = vault.seal(object_id, text)
        return row["nonce"], row["ciphertext"], row["key_id"], row["sha256"]

    return sealer


@dataclass
class LiveApp:
    """The app served on loopback over a seeded warehouse."""

    url: str
    settings: object
    originals: dict[str, str] = field(default_factory=dict)

    def item_id(self, post_key: str) -> int:
        from warehouse.db import session

        with session(self.settings) as conn:
            return conn.execute("SELECT item_id FROM review_items WHERE post_key = ?", [post_key]).fetchone()[0]

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        from warehouse.db import session

        with session(self.settings) as conn:
            return conn.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session")
def password_hashes() -> dict[str, str]:
    """argon2 hashes of the test passwords, made once (hashing costs ~0.4 s each on a busy machine)."""
    from review.passwords import hash_password

    return {name: hash_password(password) for name, password in PASSWORDS.items()}


@pytest.fixture
def live_app(settings, password_hashes) -> Iterator[LiveApp]:
    from review.server import build_server
    from warehouse.db import session
    from warehouse.users import add_user

    originals = seed_warehouse(settings, _vault_seal(settings))
    with session(settings) as conn:
        for name, password_hash in password_hashes.items():
            add_user(conn, name, ROLES[name], password_hash)
    port = free_port()
    server = build_server(settings, "127.0.0.1", port, log=False)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review app did not start")
        time.sleep(0.02)
    try:
        yield LiveApp(f"http://127.0.0.1:{port}", settings, originals)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class Client:
    """An HTTP client that keeps the session cookie itself (httpx will not send a Secure cookie over http)."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, follow_redirects=False, timeout=10)
        self.cookies: dict[str, str] = {}

    def _headers(self) -> dict[str, str]:
        return {"cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    def _keep(self, response: httpx.Response) -> httpx.Response:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if value and "max-age=0" not in header.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self._keep(self.http.get(path, headers=self._headers(), **kwargs))

    def post(self, path: str, data: dict | None = None, **kwargs) -> httpx.Response:
        return self._keep(self.http.post(path, data=data or {}, headers=self._headers(), **kwargs))

    def csrf(self, path: str = "/queue") -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, username: str, password: str | None = None) -> httpx.Response:
        page = self.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.post(
            "/login", {"username": username, "password": password or PASSWORDS[username], "csrf_token": token}
        )


@pytest.fixture
def clients(live_app) -> Iterator[callable]:
    """A factory of independent HTTP clients (one per person), all closed at the end."""
    made: list[Client] = []

    def make() -> Client:
        made.append(Client(live_app.url))
        return made[-1]

    yield make
    for c in made:
        c.http.close()


@pytest.fixture
def client(clients) -> Client:
    return clients()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make browser installs it)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(base_url=live_app.url, viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, username: str) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
