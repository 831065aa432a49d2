"""The evidence vault: the only place original (unredacted) text is kept, encrypted with AES-256-GCM.

The vault key (``<secrets_dir>/vault.key``, 0600) is separate from the pseudonymisation key, so whoever can link
tokens cannot read originals and the other way round. The object id is bound into each ciphertext as associated
data, so a ciphertext copied onto another row does not decrypt. Reading goes only through :meth:`Vault.reveal`,
which needs a user, a role and a justification and writes a "consultation" audit entry.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from redaction import audit
from redaction.pseudonym import check_private, create_private_once

KEY_FILE = "vault.key"
MIN_JUSTIFICATION = 10


class VaultError(Exception):
    """A vault operation that cannot go ahead; the message says why and what to do."""


class JustificationRequired(VaultError):
    """Originals are shown only for a stated reason, which goes into the audit log."""


def _key_id(key: bytes) -> str:
    return "v" + hashlib.sha256(b"smugglewatch-vault" + key).hexdigest()[:8]


class Vault:
    """Seals originals for storage and reveals them, with an audit entry, to a named user for a stated reason."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise VaultError("the vault key must be 32 bytes")
        self._aead = AESGCM(key)
        self.key_id = _key_id(key)

    @classmethod
    def from_settings(cls, settings: object) -> Vault:
        """Load ``<secrets_dir>/vault.key``, creating it (0600) on first use."""
        path = Path(settings.secrets_dir) / KEY_FILE
        if not path.exists():
            create_private_once(path, AESGCM.generate_key(bit_length=256))  # a racing process may win: fine
        check_private(path)
        return cls(path.read_bytes())

    def seal(self, object_id: str, text: str, stored_at: datetime | None = None) -> dict:
        """A vault row for ``text`` (for Parquet stage files and the single DuckDB loader)."""
        nonce = os.urandom(12)
        ciphertext = self._aead.encrypt(nonce, text.encode(), object_id.encode())
        return {
            "object_id": object_id,
            "key_id": self.key_id,
            "nonce": nonce,
            "ciphertext": ciphertext,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "stored_at": stored_at or datetime.now(UTC),
        }

    def store(
        self, conn: duckdb.DuckDBPyConnection, object_id: str, text: str, actor: str, role: str = "system"
    ) -> dict:
        """Seal, insert (replacing an older original of the same object) and audit a "collection"."""
        row = self.seal(object_id, text)
        conn.execute("DELETE FROM vault WHERE object_id = ?", [object_id])
        conn.execute(
            "INSERT INTO vault (object_id, key_id, nonce, ciphertext, sha256, stored_at) VALUES (?, ?, ?, ?, ?, ?)",
            [row[k] for k in ("object_id", "key_id", "nonce", "ciphertext", "sha256", "stored_at")],
        )
        audit.record(conn, "collection", actor, role, "vault", object_id, details={"sha256": row["sha256"][:16]})
        return row

    def reveal(
        self, conn: duckdb.DuckDBPyConnection, object_id: str, user: str, role: str, justification: str | None
    ) -> str:
        """The original text of ``object_id``; refused without a justification; always audited."""
        if not user or not role:
            raise VaultError("reveal needs the user and role of the person reading the original")
        if not justification or len(justification.strip()) < MIN_JUSTIFICATION:
            raise JustificationRequired(
                f"a justification of at least {MIN_JUSTIFICATION} characters is required to read an original "
                "(e.g. the case reference and why the redacted text is not enough)"
            )
        rows = conn.execute("SELECT key_id, nonce, ciphertext FROM vault WHERE object_id = ?", [object_id]).fetchall()
        if not rows:
            raise VaultError(f"no original for {object_id} in the vault (never stored, or already purged)")
        audit.record(conn, "consultation", user, role, "vault", object_id, justification=justification.strip())
        row = rows[0]
        if row[0] != self.key_id:
            raise VaultError(f"{object_id} was sealed with vault key {row[0]}, not the key loaded ({self.key_id})")
        try:
            return self._aead.decrypt(bytes(row[1]), bytes(row[2]), object_id.encode()).decode()
        except InvalidTag as exc:
            raise VaultError(f"the vault row for {object_id} fails authentication (altered or moved)") from exc

    def erase(self, conn: duckdb.DuckDBPyConnection, object_ids: list[str], actor: str, role: str) -> int:
        """Delete originals and audit one erasure with the ids (no content)."""
        if not object_ids:
            return 0
        conn.execute("DELETE FROM vault WHERE object_id IN (SELECT unnest(?))", [object_ids])
        audit.record(conn, "erasure", actor, role, "vault", None, details={"count": len(object_ids), "ids": object_ids})
        return len(object_ids)
