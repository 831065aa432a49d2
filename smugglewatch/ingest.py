"""Turn crawled items (raw) into the redacted run-file rows the warehouse loads.

This is the one place raw crawl text meets the pipeline: text and comments are redacted, the author becomes a
keyed pseudonym, and the original text is sealed for the evidence vault. Nothing raw leaves this function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from smugglewatch.settings import Settings


def author_token(redactor: object, author: str | None) -> str | None:
    """The poster's handle as a HANDLE token in the same value space as handles found in text."""
    if not author:
        return None
    value = author.strip().lstrip("@").rstrip(".").lower()
    return redactor.keyring.token("HANDLE", "HANDLE", value)  # type: ignore[attr-defined]


def redact_items(settings: Settings, items: Iterable[dict], langs: Mapping[str, Mapping]) -> list[dict]:
    """Redacted rows (warehouse.runfiles.REDACTED_SCHEMA) for crawled items, with vault seals."""
    from redaction import Redactor
    from redaction.vault import Vault
    from warehouse.load import vault_object_id

    redactor = Redactor.from_settings(settings)
    vault = Vault.from_settings(settings)
    drop = settings.crawl.drop_bystander_comments
    rows = []
    for item in items:
        redacted = redactor.redact(item["text"])
        lang = langs.get(item["post_key"], {})
        sealed = vault.seal(vault_object_id(item["post_key"], item["content_hash"]), item["text"])
        comments = redactor.redact_comments(item.get("comments") or [], drop_bystanders=drop)
        for comment in comments:
            if "author" in comment:  # the poster's own comment: pseudonymise like the post's author
                comment["author_token"] = author_token(redactor, item.get("author"))
                del comment["author"]
            comment["text_redacted"] = comment.pop("text")
        rows.append(
            {
                "post_key": item["post_key"],
                "platform": item["platform"],
                "source": item["source"],
                "native_id": str(item["post_id"]),
                "url": item.get("url"),
                "author_token": author_token(redactor, item.get("author")),
                "text_redacted": redacted.text_redacted,
                "entities": redacted.entities,
                "comments": comments,
                "lang": lang.get("lang"),
                "lang_prob": lang.get("lang_prob"),
                "published_at": item.get("published_at"),
                "edited_at": item.get("edited_at"),
                "crawled_at": item["crawled_at"],
                "content_hash": item["content_hash"],
                "vault_nonce": sealed["nonce"],
                "vault_ciphertext": sealed["ciphertext"],
                "vault_key_id": sealed["key_id"],
                "vault_sha256": sealed["sha256"],
            }
        )
    return rows
