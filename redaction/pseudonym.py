"""Keyed pseudonyms: ⟨TYPE:keyid:hex8⟩ = the first 8 hex digits of HMAC-SHA256(key, value space + value).

A keyed hash, not a plain one: phone numbers are few enough to enumerate, so anyone with the warehouse could hash
every number and undo a plain hash; without the key they cannot. The key lives outside the warehouse, in
``<secrets_dir>/hmac_keys.json`` (0600, created on first use) or the ``SMUGGLEWATCH_HMAC_KEY`` environment variable.

Rotation adds a new current key and keeps the old ones. New text is tokenised with the current key only, so a
number seen before and after a rotation gets two different tokens: linking across the rotation is cut on
purpose. Old keys stay to answer "does this known number appear in old posts?" (:meth:`Keyring.tokens_for`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

KEY_FILE = "hmac_keys.json"
ENV_KEY_ID = "env"
TOKEN_RE = re.compile(r"⟨([A-Z_]+):([a-z0-9]+):([0-9a-f]{8})⟩")


class KeyFileError(Exception):
    """The pseudonymisation key is missing, unreadable or exposed."""


def make_token(type_: str, key_id: str, digest: str) -> str:
    return f"⟨{type_}:{key_id}:{digest}⟩"


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` with mode 0700 (keys never sit in a directory others can list)."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` atomically to ``path`` with mode 0600."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def create_private_once(path: Path, data: bytes) -> bool:
    """Create ``path`` (0600) with ``data`` unless it exists; False when another process got there first.

    Parallel pipeline tasks start at the same time on a fresh install; two keys written in a race would leave
    tokens (or, for the vault, ciphertexts) made with a key that no longer exists.
    """
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # atomic, and fails if the path exists
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink()


def check_private(path: Path) -> None:
    """Refuse a key file that group or others can read."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileError(f"{path} is readable by others (mode {mode:o}); run: chmod 600 {path}")


@dataclass
class Keyring:
    """The HMAC keys: one current key id for new tokens, older ones kept for verification and lookups."""

    current: str
    keys: dict[str, bytes]
    path: Path | None = None

    @classmethod
    def from_settings(cls, settings: object) -> Keyring:
        """The env var named by ``settings.hmac_key_env`` if set, else the key file (created on first use)."""
        env_value = os.environ.get(getattr(settings, "hmac_key_env", "SMUGGLEWATCH_HMAC_KEY"), "")
        if env_value:
            return cls.from_env(env_value)
        return cls.load_or_create(Path(settings.secrets_dir) / KEY_FILE)

    @classmethod
    def from_env(cls, value: str) -> Keyring:
        """``<keyid>:<hex>`` or just a secret string (key id ``env``)."""
        key_id, _, secret = value.partition(":") if re.match(r"^[a-z0-9]{1,8}:", value) else ("", "", value)
        key_id = key_id or ENV_KEY_ID
        try:
            key = bytes.fromhex(secret)
        except ValueError:
            key = secret.encode()
        if len(key) < 16:
            raise KeyFileError("SMUGGLEWATCH_HMAC_KEY is too short: use at least 32 hex digits (16 bytes)")
        return cls(key_id, {key_id: key})

    @classmethod
    def load_or_create(cls, path: Path) -> Keyring:
        if not path.exists():
            ring = cls("k1", {"k1": secrets.token_bytes(32)}, path)
            if create_private_once(path, ring.serialise()):
                return ring
        check_private(path)
        try:
            data = json.loads(path.read_text())
            return cls(data["current"], {k: bytes.fromhex(v) for k, v in data["keys"].items()}, path)
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFileError(
                f"{path} is not a valid key file ({exc.__class__.__name__}); restore it from backup"
            ) from exc

    def save(self) -> None:
        if self.path is None:
            raise KeyFileError("keys from the environment cannot be saved or rotated; rotate the env value instead")
        write_private(self.path, self.serialise())

    def serialise(self) -> bytes:
        return json.dumps(
            {"current": self.current, "keys": {k: v.hex() for k, v in self.keys.items()}}, indent=2
        ).encode()

    def rotate(self) -> str:
        """Add a new current key (k<n+1>), keep the old ones, save. Returns the new key id."""
        numbers = [int(k[1:]) for k in self.keys if re.fullmatch(r"k\d+", k)]
        new_id = f"k{max(numbers, default=0) + 1}"
        self.keys[new_id] = secrets.token_bytes(32)
        self.current = new_id
        self.save()
        return new_id

    def digest(self, space: str, value: str, key_id: str | None = None) -> str:
        key = self.keys[key_id or self.current]
        return hmac.new(key, f"{space}\x1f{value}".encode(), hashlib.sha256).hexdigest()[:8]

    def token(self, type_: str, space: str, value: str) -> str:
        """The token for a normalised value under the current key."""
        return make_token(type_, self.current, self.digest(space, value))

    def tokens_for(self, type_: str, value: str, space: str | None = None) -> dict[str, str]:
        """The token of one normalised value under every key, to find it in text tokenised before a rotation."""
        return {k: make_token(type_, k, self.digest(space or type_, value, k)) for k in self.keys}
