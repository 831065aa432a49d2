"""Keys: created private on first use, from the environment, rotated."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from redaction.pseudonym import KeyFileError, Keyring
from redaction.redactor import Redactor
from smugglewatch.settings import Settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_when_no_key_exists_then_a_private_key_file_is_created(settings: Settings) -> None:
    ring = Keyring.from_settings(settings)
    path = Path(settings.secrets_dir) / "hmac_keys.json"
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    data = json.loads(path.read_text())
    assert data["current"] == "k1" and len(bytes.fromhex(data["keys"]["k1"])) == 32
    assert Keyring.from_settings(settings).keys == ring.keys  # loaded, not re-created


def test_when_the_key_file_is_readable_by_others_then_it_is_refused(settings: Settings) -> None:
    Keyring.from_settings(settings)
    path = Path(settings.secrets_dir) / "hmac_keys.json"
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        Keyring.from_settings(settings)


def test_when_the_env_var_is_set_then_it_is_used_and_no_file_is_written(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMUGGLEWATCH_HMAC_KEY", "k7:" + "ab" * 32)
    ring = Keyring.from_settings(settings)
    assert ring.current == "k7"
    assert not (Path(settings.secrets_dir) / "hmac_keys.json").exists()
    token = Redactor(ring).redact("+44 7700 900123").entities[0]["token"]
    assert token.startswith("⟨PHONE:k7:")


def test_when_the_env_key_is_too_short_then_it_is_refused(settings: Settings, monkeypatch) -> None:
    monkeypatch.setenv("SMUGGLEWATCH_HMAC_KEY", "short")
    with pytest.raises(KeyFileError, match="too short"):
        Keyring.from_settings(settings)


def test_when_keys_are_rotated_then_new_tokens_use_the_new_key_and_old_tokens_stay_findable(
    settings: Settings,
) -> None:
    ring = Keyring.from_settings(settings)
    before = Redactor(ring).redact("+44 7700 900123").entities[0]["token"]
    assert ring.rotate() == "k2"
    reloaded = Keyring.from_settings(settings)
    assert reloaded.current == "k2" and set(reloaded.keys) == {"k1", "k2"}
    after = Redactor(reloaded).redact("+44 7700 900123").entities[0]["token"]
    assert after.startswith("⟨PHONE:k2:") and after != before
    assert reloaded.tokens_for("PHONE", "+447700900123") == {"k1": before, "k2": after}
    assert _mode(Path(settings.secrets_dir) / "hmac_keys.json") == 0o600


def test_when_processes_race_to_create_the_key_then_all_end_up_with_the_same_key(settings: Settings) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=4) as pool:
        digests = list(pool.map(_digest_in_fresh_process, [str(settings.secrets_dir)] * 8))
    assert len(set(digests)) == 1
    assert Keyring.from_settings(settings).digest("PHONE", "+447700900123") == digests[0]


def _digest_in_fresh_process(secrets_dir: str) -> str:
    ring = Keyring.load_or_create(Path(secrets_dir) / "hmac_keys.json")
    return ring.digest("PHONE", "+447700900123")
