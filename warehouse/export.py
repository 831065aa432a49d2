"""Referral lists for platforms: human-confirmed items only, one JSON and one CSV file per platform and batch.

Each referral carries the elements of a DSA Art. 16(2) notice (see ``schemas/referral-v1.schema.json``). The
export either fully happens or not at all: files are first written under temporary names, the referrals are recorded
in one transaction, the files are renamed into place and only then is the transaction committed; any error (a full
disk included) removes every file of the export and rolls the database back, so no referral is marked as sent
without its file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import jsonschema

from warehouse import audit
from warehouse.db import retry_on_conflict, session, table_exists, transaction
from warehouse.indicators import PLACEHOLDER

if TYPE_CHECKING:
    from smugglewatch.settings import Settings

SCHEMA_VERSION = "referral-v1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / f"{SCHEMA_VERSION}.schema.json"
EXPLANATION_MAX = 2000
DEFAULT_RE_REFERRAL_DAYS = 30
EXPORT_ACTOR = "system:export"

CATEGORY_TEXT = {
    "smuggling_offer": "offers to facilitate unauthorised entry into or transit through EU Member States for payment",
    "document_fraud": "offers forged, falsified or fraudulently obtained travel, identity or residence documents",
}
LEGAL_GROUND = {
    "smuggling_offer": (
        "Facilitation of unauthorised entry, transit and residence: Directive 2002/90/EC and Council Framework "
        "Decision 2002/946/JHA as transposed in national criminal law; illegal content within the meaning of "
        "Art. 3(h) of Regulation (EU) 2022/2065."
    ),
    "document_fraud": (
        "Forgery and trafficking of administrative, travel and identity documents, criminal offences under the "
        "national law of every Member State; where used to facilitate entry, Directive 2002/90/EC; illegal "
        "content within the meaning of Art. 3(h) of Regulation (EU) 2022/2065."
    ),
}
TOS_BASIS = {
    "smuggling_offer": "Platform terms of service and community standards prohibiting human smuggling and the "
    "promotion of illegal services.",
    "document_fraud": "Platform terms of service and community standards prohibiting the sale of forged or "
    "fraudulent documents and the promotion of illegal goods and services.",
}
GOOD_FAITH = (
    "The issuing unit has a bona fide belief that the information and allegations contained in this notice are "
    "accurate and complete (Art. 16(2)(d) Regulation (EU) 2022/2065)."
)
ITEM_TYPE = {"classifieds": "listing"}
CSV_COLUMNS = [
    "referral_id", "schema_version", "created_at", "issuing_unit_name", "issuing_unit_contact", "platform",
    "item_type", "urls", "content_language", "category", "explanation", "legal_ground", "terms_of_service_basis",
    "good_faith_statement", "automated_detection_used", "human_reviewed", "evidence_sha256", "re_referral",
    "previous_referral_id",
]  # fmt: skip


class ExportError(Exception):
    """The export could not be completed; nothing was written and nothing was marked as referred."""


@dataclass
class ExportResult:
    """What one export produced."""

    referrals: int = 0
    files: list[Path] = field(default_factory=list)
    batches: list[str] = field(default_factory=list)
    by_platform: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def referral_schema() -> dict[str, Any]:
    """The published JSON Schema every exported file is validated against."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_document(document: dict[str, Any]) -> None:
    """Raise ExportError naming the first violation of the schema."""
    validator = jsonschema.Draft202012Validator(referral_schema(), format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "document"
        raise ExportError(f"referral file would not match {SCHEMA_VERSION} at {where}: {error.message}")


# --- personal-data scrubbing of free text -------------------------------------------------------------------------

_SCRUB = [
    re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+", re.I),  # e-mail
    re.compile(r"(?:https?://|www\.)\S+|\b(?:t\.me|wa\.me)/\S+", re.I),  # links
    re.compile(r"(?<!\w)@[A-Za-z0-9_.]{2,}"),  # handles
    re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b"),  # IBAN
    re.compile(r"\b(?:bc1|[13])[a-km-zA-HJ-NP-Z1-9]{25,59}\b|\b0x[0-9a-fA-F]{40}\b|\bT[1-9A-HJ-NP-Za-km-z]{33}\b"),
    re.compile(r"\+?\d[\d\s().-]{5,}\d"),  # phone numbers, document and card numbers
    re.compile(r"\b[A-Z0-9<]{2,}<<[A-Z0-9<]+\b"),  # MRZ lines
]


def scrub(text: str) -> str:
    """Strip pseudonym placeholders and anything that looks like a raw identifier from free text."""
    text = PLACEHOLDER.sub(" ", text or "")
    for pattern in _SCRUB:
        text = pattern.sub("[removed]", text)
    return re.sub(r"\s+", " ", text).strip()


def build_explanation(label: str, evidence_kinds: list[str], facts: dict[str, list[str]], notes: list[str]) -> str:
    """A substantiated explanation free of personal data, at most 2,000 characters."""
    parts = [f"This content {CATEGORY_TEXT[label]}."]
    if evidence_kinds:
        kinds = ", ".join(k.replace("_", " ") for k in sorted(set(evidence_kinds)))
        parts.append(f"Automated detection found these indicators in the text: {kinds}.")
    described = []
    for kind, title in (
        ("route", "route"),
        ("country", "places"),
        ("transport", "transport"),
        ("document", "documents offered"),
        ("price", "price"),
    ):
        if facts.get(kind):
            described.append(f"{title}: {', '.join(sorted(facts[kind])[:5])}")
    if described:
        parts.append("Details stated in the content: " + "; ".join(described) + ".")
    if facts.get("contact"):
        parts.append("The content gives contact details for arranging the service (withheld here).")
    parts.append("Human analysts reviewed the content and confirmed the category under a four-eyes procedure.")
    cleaned = [n for n in (scrub(note) for note in notes) if n]
    if cleaned:
        parts.append("Analyst note: " + " / ".join(cleaned))
    text = scrub(" ".join(parts))
    if len(text) > EXPLANATION_MAX:
        text = text[: EXPLANATION_MAX - 1].rsplit(" ", 1)[0] + "…"
    return text


# --- CSV ----------------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not evaluate: text starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(referrals: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for ref in referrals:
        flat = dict(ref)
        flat["issuing_unit_name"] = ref["issuing_unit"]["name"]
        flat["issuing_unit_contact"] = ref["issuing_unit"]["contact"]
        flat["urls"] = " ".join(ref["urls"])
        writer.writerow([safe_cell(flat.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


# --- selecting and building referrals -----------------------------------------------------------------------------

_ELIGIBLE_SQL = """
WITH last_ref AS (
  SELECT * FROM referrals QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY created_at DESC) = 1
), reviewed AS (  -- four eyes again, from the decisions themselves: two confirmers, or a supervisor's approval
  SELECT item_id FROM decisions WHERE decision = 'confirm' GROUP BY item_id HAVING count(DISTINCT username) >= 2
  UNION
  SELECT a.item_id FROM decisions a
  JOIN decisions c ON c.item_id = a.item_id AND c.decision = 'confirm' AND c.username <> a.username
  WHERE a.decision = 'approve' AND a.role = 'supervisor'
)
SELECT r.item_id, r.post_key, p.platform, p.url, coalesce(p.lang, 'und'), r.final_label, r.content_hash,
       r.status = 'referred' AS re_referral, lr.referral_id
FROM review_items r JOIN posts p USING (post_key) SEMI JOIN reviewed USING (item_id)
LEFT JOIN last_ref lr USING (item_id)
WHERE p.deleted_at IS NULL AND p.url IS NOT NULL AND r.final_label IS NOT NULL
  AND (r.status = 'referable'
       OR (r.status = 'referred' AND lr.re_referral_due_at <= ?
           AND coalesce(lr.outcome, 'no_action') = 'no_action'))
  AND (? IS NULL OR p.platform = ?)
ORDER BY p.platform, r.item_id
"""


def eligible(conn: duckdb.DuckDBPyConnection, platform: str | None, now: datetime) -> list[dict[str, Any]]:
    """Human-confirmed items not referred yet, or whose re-referral is due."""
    cursor = conn.execute(_ELIGIBLE_SQL, [now, platform, platform])
    names = [
        "item_id", "post_key", "platform", "url", "lang", "label", "content_hash", "re_referral", "previous_id"
    ]  # fmt: skip
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _evidence_kinds(conn: duckdb.DuckDBPyConnection, post_key: str, content_hash: str) -> list[str]:
    rows = conn.execute(
        """SELECT DISTINCT e ->> 'kind' FROM (
             SELECT unnest(json_extract(evidence, '$[*]')) AS e FROM assessments
             WHERE post_key = ? AND content_hash = ? AND evidence IS NOT NULL)
           WHERE e ->> 'kind' IS NOT NULL""",
        [post_key, content_hash],
    ).fetchall()
    return [r[0] for r in rows]


def _facts(conn: duckdb.DuckDBPyConnection, post_key: str) -> dict[str, list[str]]:
    facts: dict[str, list[str]] = {}
    for kind, value in conn.execute("SELECT kind, value FROM indicators WHERE post_key = ?", [post_key]).fetchall():
        facts.setdefault(kind, []).append(value)
    return facts


def _notes(conn: duckdb.DuckDBPyConnection, item_id: int) -> list[str]:
    rows = conn.execute(
        """SELECT note FROM decisions WHERE item_id = ? AND decision IN ('confirm', 'approve') AND note IS NOT NULL
           ORDER BY decision_id""",
        [item_id],
    ).fetchall()
    return [r[0] for r in rows]


def _evidence_sha256(conn: duckdb.DuckDBPyConnection, post_key: str, content_hash: str) -> str:
    """SHA-256 of the captured original: the vault's record when there is one, else the capture's content hash."""
    if table_exists(conn, "vault"):
        row = conn.execute("SELECT sha256 FROM vault WHERE object_id = ?", [f"{post_key}@{content_hash}"]).fetchone()
        if row and row[0]:
            return row[0]
    return content_hash


def build_referral(
    conn: duckdb.DuckDBPyConnection, item: dict[str, Any], settings: Settings, created_at: datetime
) -> dict[str, Any]:
    """One DSA-style referral record for an eligible item."""
    notes = _notes(conn, item["item_id"])
    return {
        "referral_id": f"SW-{created_at:%Y%m%dT%H%M%SZ}-{item['item_id']}",
        "schema_version": SCHEMA_VERSION,
        "created_at": created_at.isoformat().replace("+00:00", "Z"),
        "issuing_unit": {"name": settings.unit_name, "contact": settings.unit_contact},
        "platform": item["platform"],
        "item_type": ITEM_TYPE.get(item["platform"], "post"),
        "urls": [item["url"]],
        "content_language": item["lang"],
        "category": item["label"],
        "explanation": build_explanation(
            item["label"],
            _evidence_kinds(conn, item["post_key"], item["content_hash"]),
            _facts(conn, item["post_key"]),
            notes,
        ),
        "legal_ground": LEGAL_GROUND[item["label"]],
        "terms_of_service_basis": TOS_BASIS[item["label"]],
        "good_faith_statement": GOOD_FAITH,
        "automated_detection_used": True,
        "human_reviewed": True,
        "evidence_sha256": _evidence_sha256(conn, item["post_key"], item["content_hash"]),
        "re_referral": bool(item["re_referral"]),
        "previous_referral_id": item["previous_id"] if item["re_referral"] else None,
    }


# --- writing ------------------------------------------------------------------------------------------------------


def _write_bytes(path: Path, data: bytes) -> None:
    """Write and fsync one file (the single place an export touches the disk, so faults surface here)."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@dataclass
class _PendingFile:
    tmp: Path
    final: Path
    renamed: bool = False


def _stage_file(out_dir: Path, name: str, data: bytes, pending: list[_PendingFile]) -> _PendingFile:
    entry = _PendingFile(out_dir / f".{name}.{secrets.token_hex(4)}.tmp", out_dir / name)
    if entry.final.exists():
        raise ExportError(f"{entry.final} already exists; export into an empty or different directory")
    pending.append(entry)
    _write_bytes(entry.tmp, data)
    return entry


def _cleanup(pending: list[_PendingFile]) -> None:
    for entry in pending:
        for path in (entry.tmp, entry.final if entry.renamed else None):
            if path is not None:
                path.unlink(missing_ok=True)


def export_referrals(
    settings: Settings,
    out_dir: Path,
    platform: str | None = None,
    *,
    actor: str = EXPORT_ACTOR,
    now: datetime | None = None,
    re_referral_days: int = DEFAULT_RE_REFERRAL_DAYS,
) -> ExportResult:
    """Write referral files for every eligible item into ``out_dir`` and record them as referred."""
    with session(settings) as conn:
        return export_with(conn, settings, Path(out_dir), platform, actor=actor, now=now,
                           re_referral_days=re_referral_days)  # fmt: skip


@retry_on_conflict
def export_with(
    conn: duckdb.DuckDBPyConnection,
    settings: Settings,
    out_dir: Path,
    platform: str | None = None,
    *,
    actor: str = EXPORT_ACTOR,
    now: datetime | None = None,
    re_referral_days: int = DEFAULT_RE_REFERRAL_DAYS,
) -> ExportResult:
    """The export on an open connection (all-or-nothing; see the module docstring)."""
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    out_dir.mkdir(parents=True, exist_ok=True)
    result, pending = ExportResult(), []
    try:
        with transaction(conn):
            items = eligible(conn, platform, created)
            by_platform: dict[str, list[dict[str, Any]]] = {}
            for item in items:
                by_platform.setdefault(item["platform"], []).append(item)
            for plat, plat_items in by_platform.items():
                _export_platform(conn, settings, out_dir, plat, plat_items, created, actor, re_referral_days,
                                 result, pending)  # fmt: skip
            for entry in pending:
                os.replace(entry.tmp, entry.final)
                entry.renamed = True
    except OSError as exc:
        _cleanup(pending)
        raise ExportError(
            f"could not write the referral files in {out_dir} ({exc.strerror or exc}); nothing was exported "
            "and no item was marked as referred; free some space or choose another --out and retry"
        ) from None
    except BaseException:
        _cleanup(pending)
        raise
    return result


def _export_platform(
    conn: duckdb.DuckDBPyConnection,
    settings: Settings,
    out_dir: Path,
    platform: str,
    items: list[dict[str, Any]],
    created: datetime,
    actor: str,
    re_referral_days: int,
    result: ExportResult,
    pending: list[_PendingFile],
) -> None:
    batch_id = f"B-{created:%Y%m%dT%H%M%SZ}-{platform}-{secrets.token_hex(3)}"
    referrals = [build_referral(conn, item, settings, created) for item in items]
    document = {
        "schema_version": SCHEMA_VERSION,
        "batch_id": batch_id,
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "issuing_unit": {"name": settings.unit_name, "contact": settings.unit_contact},
        "platform": platform,
        "referrals": referrals,
    }
    validate_document(document)
    json_bytes = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    json_file = _stage_file(out_dir, f"{batch_id}.json", json_bytes, pending)
    csv_file = _stage_file(out_dir, f"{batch_id}.csv", to_csv(referrals), pending)
    _record_batch(conn, batch_id, platform, created, referrals, items, json_file, csv_file, json_bytes,
                  re_referral_days, actor)  # fmt: skip
    result.referrals += len(referrals)
    result.batches.append(batch_id)
    result.files += [json_file.final, csv_file.final]
    result.by_platform[platform] = len(referrals)


def _record_batch(
    conn: duckdb.DuckDBPyConnection,
    batch_id: str,
    platform: str,
    created: datetime,
    referrals: list[dict[str, Any]],
    items: list[dict[str, Any]],
    json_file: _PendingFile,
    csv_file: _PendingFile,
    json_bytes: bytes,
    re_referral_days: int,
    actor: str,
) -> None:
    conn.execute(
        "INSERT INTO referral_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, created, platform, len(referrals), json_file.final.name, csv_file.final.name,
         hashlib.sha256(json_bytes).hexdigest(), SCHEMA_VERSION],
    )  # fmt: skip
    due = created + timedelta(days=re_referral_days)
    rows = [
        (ref["referral_id"], batch_id, item["item_id"], item["post_key"], platform, item["url"], ref["category"],
         item["lang"], created, due)
        for ref, item in zip(referrals, items, strict=True)
    ]  # fmt: skip
    _insert_referrals_bulk(conn, rows)
    conn.execute(
        "UPDATE review_items SET status = 'referred', updated_at = ? WHERE list_contains(?, item_id)",
        [created, [item["item_id"] for item in items]],
    )
    audit.record_many(
        conn,
        [
            {
                "operation": "disclosure",
                "actor": actor,
                "role": "system" if actor.startswith("system:") else "supervisor",
                "object_type": "review_item",
                "object_id": str(item["item_id"]),
                "recipient": platform,
                "details": {"referral_id": ref["referral_id"], "batch_id": batch_id},
            }
            for ref, item in zip(referrals, items, strict=True)
        ],
    )


def _insert_referrals_bulk(conn: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    import pyarrow as pa

    names = ["referral_id", "batch_id", "item_id", "post_key", "platform", "url", "category", "lang",
             "created_at", "re_referral_due_at"]  # fmt: skip
    table = pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})
    conn.register("new_referrals", table)
    try:
        conn.execute(f"INSERT INTO referrals ({', '.join(names)}) SELECT {', '.join(names)} FROM new_referrals")
    finally:
        conn.unregister("new_referrals")


OUTCOMES = ("removed", "restricted", "no_action", "rejected")


@retry_on_conflict
def record_outcome(conn: duckdb.DuckDBPyConnection, referral_id: str, outcome: str, at: datetime | None = None) -> None:
    """Store the platform's answer; ``no_action`` keeps the item due for re-referral, the others close it."""
    if outcome not in OUTCOMES:
        raise ExportError(f"unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}")
    with transaction(conn):
        updated = conn.execute(
            """UPDATE referrals SET outcome = ?, outcome_at = ?,
                      re_referral_due_at = CASE WHEN ? = 'no_action' THEN re_referral_due_at END
               WHERE referral_id = ?""",
            [outcome, at or datetime.now(UTC), outcome, referral_id],
        ).fetchone()[0]
    if not updated:
        raise ExportError(f"no referral {referral_id}; check the id in the exported file")
