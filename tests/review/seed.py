"""Fictional posts for the review tests, loaded through the real warehouse path (run files -> load_run).

Contacts are placeholders as the redactor writes them; phone 1 links a Telegram offer and a classifieds advert
(a cluster of two); one post carries hostile HTML to prove the app renders it inert.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warehouse.load import load_run
from warehouse.runfiles import write_classified, write_redacted

PHONE_1 = "⟨PHONE:k1:0a1b2c3d⟩"
PHONE_2 = "⟨PHONE:k1:4e5f6a7b⟩"
HOSTILE = "<script>alert('xss')</script><img src=x onerror=\"alert(1)\"> Seats tonight </div></body> call " + PHONE_2
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _span(text: str, phrase: str, kind: str) -> dict:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "kind": kind}


POSTS = [
    # (platform, source, native id, lang, label, score, uncertain, text, [(phrase, kind)])
    (
        "telegram", "med_crossing_line", "101", "en", "smuggling_offer", 0.97, False,
        f"Boat from Zuwara to Lampedusa every week, 2500 EUR, guaranteed arrival. WhatsApp {PHONE_1}",
        [("Boat", "transport_route"), ("2500 EUR", "price"), ("guaranteed", "guarantee_payment")],
    ),
    (
        "classifieds", "documents", "202", "fr", "document_fraud", 0.93, False,
        f"Passeport et titre de séjour, passeur sérieux, livraison rapide. Contact {PHONE_1}",
        [("Passeport", "document_type"), ("passeur", "transport_route")],
    ),
    (
        "group", "migrants-help-hub", "303", "en", "smuggling_offer", 0.91, False, HOSTILE,
        [("Seats tonight", "transport_route")],
    ),
    (
        "mastodon", "public", "404", "en", "smuggling_offer", 0.58, True,
        "Report: smugglers charge 3000 EUR for a boat crossing, police say.",
        [("boat crossing", "transport_route")],
    ),
    (
        "telegram", "docs_fast_service", "505", "de", "document_fraud", 0.88, False,
        "Reisepass und Führerschein, echt registriert, 800 EUR.",
        [("Reisepass", "document_type"), ("800 EUR", "price")],
    ),
    (
        "telegram", "eurotravel_news", "606", "en", "benign", 0.08, False,
        "Ferry timetables for the winter season are out.", [],
    ),
]  # fmt: skip


def seed_warehouse(settings, vault_seal=None) -> dict[str, str]:
    """Write one run of fictional posts and load it; returns post_key -> original text.

    ``vault_seal(object_id, text) -> (nonce, ciphertext, key_id, sha256)`` seals the originals for the vault.
    """
    run_dir = Path(settings.runs_dir) / "run-review-test"
    redacted, classified, originals = [], [], {}
    for i, (platform, source, native, lang, label, score, uncertain, text, spans) in enumerate(POSTS):
        key = f"{platform}:{source}:{native}"
        content_hash = hashlib.sha256(text.encode()).hexdigest()
        sealed = vault_seal(f"{key}@{content_hash}", text) if vault_seal else (None, None, None, None)
        originals[key] = text
        redacted.append(
            {
                "post_key": key, "platform": platform, "source": source, "native_id": native,
                "url": f"https://example.com/{platform}/{source}/{native}", "author_token": None,
                "text_redacted": text, "entities": [], "comments": [], "lang": lang, "lang_prob": 0.99,
                "published_at": NOW - timedelta(hours=i), "edited_at": None, "crawled_at": NOW,
                "content_hash": content_hash, "vault_nonce": sealed[0], "vault_ciphertext": sealed[1],
                "vault_key_id": sealed[2], "vault_sha256": sealed[3],
            }
        )  # fmt: skip
        others = round((1 - score) / 2, 4)
        classified.append(
            {
                "post_key": key, "content_hash": content_hash, "model_version": "test-model-1",
                "label": label, "score": score,
                "scores": {label: score, **{x: others for x in ("smuggling_offer", "document_fraud", "benign") if x != label}},
                "evidence": [_span(text, phrase, kind) for phrase, kind in spans], "uncertain": uncertain,
            }
        )  # fmt: skip
    write_redacted(run_dir, "posts", redacted)
    write_classified(run_dir, "posts", classified)
    load_run(settings, run_dir)
    return originals
