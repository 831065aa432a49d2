"""The evidence vault: encrypted originals, read only with a justification, always audited."""

from __future__ import annotations

import stat
from pathlib import Path

import duckdb
import pytest

from redaction import audit
from redaction.vault import JustificationRequired, Vault, VaultError
from smugglewatch.settings import Settings

ORIGINAL = "Boat to Italy, WhatsApp +44 7700 900123"


@pytest.fixture
def vault(settings: Settings) -> Vault:
    return Vault.from_settings(settings)


def test_the_vault_key_is_private_and_separate_from_the_hmac_key(settings: Settings, vault: Vault) -> None:
    key = Path(settings.secrets_dir) / "vault.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not (Path(settings.secrets_dir) / "hmac_keys.json").exists()


def test_a_sealed_row_holds_no_plaintext(vault: Vault) -> None:
    row = vault.seal("telegram:c:1@h", ORIGINAL)
    assert set(row) == {"object_id", "key_id", "nonce", "ciphertext", "sha256", "stored_at"}
    assert b"7700" not in row["ciphertext"] and len(row["nonce"]) == 12


def test_when_a_justification_is_given_then_the_original_is_revealed_and_audited(
    conn: duckdb.DuckDBPyConnection, vault: Vault
) -> None:
    vault.store(conn, "telegram:c:1@h", ORIGINAL, actor="loader")
    text = vault.reveal(conn, "telegram:c:1@h", "ana", "analyst", "case 2026/114: confirm the contact")
    assert text == ORIGINAL
    last = audit.entries(conn, newest_first=True)[0]
    assert (last["operation"], last["actor"], last["role"], last["object_id"]) == (
        "consultation", "ana", "analyst", "telegram:c:1@h",
    )  # fmt: skip
    assert last["justification"] == "case 2026/114: confirm the contact"
    assert audit.verify(conn).ok


@pytest.mark.parametrize("justification", [None, "", "   ", "because"])
def test_when_no_justification_is_given_then_the_vault_refuses_and_reveals_nothing(
    conn: duckdb.DuckDBPyConnection, vault: Vault, justification: str | None
) -> None:
    vault.store(conn, "telegram:c:1@h", ORIGINAL, actor="loader")
    with pytest.raises(JustificationRequired, match="justification"):
        vault.reveal(conn, "telegram:c:1@h", "ana", "analyst", justification)
    assert [e["operation"] for e in audit.entries(conn)] == ["collection"]


def test_when_a_ciphertext_is_moved_to_another_row_then_it_does_not_decrypt(
    conn: duckdb.DuckDBPyConnection, vault: Vault
) -> None:
    vault.store(conn, "a@1", ORIGINAL, actor="loader")
    vault.store(conn, "b@2", "other text", actor="loader")
    conn.execute("UPDATE vault SET nonce = (SELECT nonce FROM vault WHERE object_id = 'a@1'), "
                 "ciphertext = (SELECT ciphertext FROM vault WHERE object_id = 'a@1') WHERE object_id = 'b@2'")  # fmt: skip
    with pytest.raises(VaultError, match="fails authentication"):
        vault.reveal(conn, "b@2", "ana", "analyst", "case 2026/114: check")


def test_when_the_object_is_not_in_the_vault_then_the_error_says_so(
    conn: duckdb.DuckDBPyConnection, vault: Vault
) -> None:
    with pytest.raises(VaultError, match="no original"):
        vault.reveal(conn, "missing@1", "ana", "analyst", "case 2026/114: check")


def test_when_originals_are_erased_then_they_are_gone_and_the_erasure_is_logged_without_content(
    conn: duckdb.DuckDBPyConnection, vault: Vault
) -> None:
    vault.store(conn, "a@1", ORIGINAL, actor="loader")
    assert vault.erase(conn, ["a@1"], actor="dpo", role="supervisor") == 1
    assert conn.execute("SELECT count(*) FROM vault").fetchone()[0] == 0
    entry = audit.entries(conn, newest_first=True)[0]
    assert entry["operation"] == "erasure" and entry["details"] == {"count": 1, "ids": ["a@1"]}
    assert "7700" not in str(audit.entries(conn))
