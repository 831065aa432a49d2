"""Password hashing with argon2id (argon2-cffi defaults: RFC 9106 low-memory profile)."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the user is unknown, so timing does not reveal which names exist."""
    return _hasher().hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    """Hash a new password; refuses one too short to be worth hashing."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"password too short: use at least {MIN_LENGTH} characters")
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always spends the same hashing work, even for unknown users."""
    try:
        return _hasher().verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with weaker parameters than today's and should be replaced at next login."""
    return _hasher().check_needs_rehash(stored_hash)
