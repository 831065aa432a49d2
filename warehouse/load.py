"""The batch loader: one run's Parquet files into DuckDB in one transaction, bulk and idempotent.

Everything is ``INSERT ... SELECT`` from ``read_parquet`` or a registered Arrow table; nothing is written row by
row. Reloading a run changes no data (every write is an anti-join, ``ON CONFLICT DO NOTHING`` or an update guarded
by "the incoming row is newer and different"). Decisions are never touched here: refreshing review items updates
only the model's fields of items still open.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import indicators
from warehouse.clusters import refresh_clusters
from warehouse.db import WarehouseError, retry_on_conflict, session, table_exists, transaction
from warehouse.runfiles import CLASSIFIED_DIR, CLASSIFIED_SCHEMA, REDACTED_DIR, REDACTED_SCHEMA, run_files

if TYPE_CHECKING:
    from smugglewatch.settings import Settings

log = logging.getLogger(__name__)

LOADER_ACTOR = "system:loader"

# Items whose model fields a load may still refresh; anything an analyst has decided stays as decided.
OPEN_STATUSES = ("new", "needs_second", "escalated")

PRIORITY_SQL = """
    round(100 * {score}
          + CASE {label} WHEN 'smuggling_offer' THEN 10 WHEN 'document_fraud' THEN 8 ELSE 0 END
          + CASE WHEN {uncertain} THEN 5 ELSE 0 END
          + 10 * ln(greatest({cluster_size}, 1))
          + 20 * exp(-greatest(epoch({last_seen}) - epoch(coalesce({published_at}, {last_seen})), 0) / 604800.0),
          3)
"""


class RunFileError(WarehouseError, ValueError):
    """A run file does not follow the contract (docs/CONTRACTS.md, Run files)."""


@dataclass(frozen=True)
class LoadStats:
    """What one load changed (all zero except ``posts_in``/``assessments_in`` when a run is reloaded)."""

    run_id: str
    posts_in: int
    assessments_in: int
    posts_new: int
    posts_edited: int
    assessments_new: int
    review_items_new: int
    linked_clusters: int  # clusters of two or more posts after the load

    def as_dict(self) -> dict:
        return asdict(self)


@retry_on_conflict
def load_run(settings: Settings, run_dir: Path) -> LoadStats:
    """Load ``<run_dir>/redacted`` and ``<run_dir>/classified`` into the warehouse (see docs/CONTRACTS.md)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise FileNotFoundError(f"run directory {run_dir} does not exist; run the pipeline stages first")
    redacted, classified = run_files(run_dir, REDACTED_DIR), run_files(run_dir, CLASSIFIED_DIR)
    with session(settings) as conn, transaction(conn):
        stats = load_files(conn, run_dir.name, str(run_dir), redacted, classified)
    log.info("loaded run %s: %s", stats.run_id, stats.as_dict())
    return stats


def load_files(
    conn: duckdb.DuckDBPyConnection, run_id: str, run_dir: str, redacted: list[Path], classified: list[Path]
) -> LoadStats:
    """The body of a load, inside the caller's transaction."""
    _stage(conn, "in_posts", redacted, "post_key", "crawled_at DESC, content_hash")
    _stage(conn, "in_assess", classified, "post_key, content_hash, model_version", "score DESC")
    posts_in = conn.execute("SELECT count(*) FROM in_posts").fetchone()[0]
    assess_in = conn.execute("SELECT count(*) FROM in_assess").fetchone()[0]
    conn.execute(
        """CREATE TEMP TABLE new_keys AS SELECT i.post_key, i.content_hash FROM in_posts i
           ANTI JOIN post_versions v ON v.post_key = i.post_key AND v.content_hash = i.content_hash"""
    )
    new_versions = _new_versions(conn)
    _upsert_sources(conn)
    posts_new = _insert_new_posts(conn, run_id)
    conn.execute(
        """INSERT INTO post_versions SELECT post_key, content_hash, text_redacted, entities::JSON, lang, lang_prob,
                  edited_at, crawled_at, ? FROM in_posts ON CONFLICT DO NOTHING""",
        [run_id],
    )
    posts_edited = _update_changed_posts(conn, run_id)
    _insert_comments(conn)
    _insert_vault(conn)
    assessments_new = _insert_assessments(conn, run_id)
    if new_versions or assessments_new:  # a reload stores nothing new: nothing downstream can change
        _refresh_indicators(conn)
        clustered = refresh_clusters(conn) if new_versions else _clustered_count(conn)
        items_new = refresh_review_items(conn)
    else:
        clustered, items_new = _clustered_count(conn), 0
    _record_run(conn, run_id, run_dir, posts_in, assess_in)
    _audit_collection(conn, run_id, new_versions, clustered if new_versions else None)
    conn.execute("DROP TABLE in_posts")
    conn.execute("DROP TABLE in_assess")
    conn.execute("DROP TABLE new_keys")
    return LoadStats(run_id, posts_in, assess_in, posts_new, posts_edited, assessments_new, items_new, clustered)


def _clustered_count(conn: duckdb.DuckDBPyConnection) -> int:
    return conn.execute(
        "SELECT count(*) FROM (SELECT cluster_id FROM post_clusters GROUP BY ALL HAVING count(*) > 1) c"
    ).fetchone()[0]


def _stage(conn: duckdb.DuckDBPyConnection, name: str, files: list[Path], key: str, order: str) -> None:
    """A temp table with the run's rows, one per key (the newest capture wins if a run holds a post twice)."""
    schema = REDACTED_SCHEMA if name == "in_posts" else CLASSIFIED_SCHEMA
    if not files:
        conn.register("empty_stage", schema.empty_table())
        conn.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM empty_stage")
        conn.unregister("empty_stage")
        return
    _check_required(schema, files)
    conn.execute(
        f"""CREATE TEMP TABLE {name} AS SELECT * FROM read_parquet(?, union_by_name = true)
            QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY {order}) = 1""",
        [[str(f) for f in files]],
    )
    _complete_columns(conn, name, schema)


_DUCKDB_TYPES = {"string": "VARCHAR", "double": "DOUBLE", "binary": "BLOB", "bool": "BOOLEAN"}


def _check_required(schema: pa.Schema, files: list[Path]) -> None:
    """Every file must carry the contract's required columns (the schema's non-nullable fields)."""
    for path in files:
        names = set(pq.read_schema(path).names)
        missing = [f.name for f in schema if not f.nullable and f.name not in names]
        if missing:
            raise RunFileError(
                f"run file {path.name} lacks the required column(s) {', '.join(map(repr, missing))}; "
                "write it with warehouse.runfiles (docs/CONTRACTS.md, Run files)"
            )


def _complete_columns(conn: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    """Optional columns a stage did not write become NULL columns."""
    present = {r[0] for r in conn.execute(f"SELECT column_name FROM (DESCRIBE {name})").fetchall()}
    for field in schema:
        if field.name in present:
            continue
        sql_type = "TIMESTAMPTZ" if pa.types.is_timestamp(field.type) else _DUCKDB_TYPES[str(field.type)]
        conn.execute(f"ALTER TABLE {name} ADD COLUMN {field.name} {sql_type}")


def _new_versions(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """(source name, number of post versions this run adds) before they are inserted."""
    return conn.execute(
        """SELECT i.platform || ':' || i.source, count(*) FROM in_posts i SEMI JOIN new_keys USING (post_key)
           GROUP BY 1 ORDER BY 1"""
    ).fetchall()


def _upsert_sources(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(
        """INSERT INTO sources
           SELECT platform || ':' || source, platform, source, min(crawled_at), max(crawled_at)
           FROM in_posts GROUP BY platform, source
           ON CONFLICT (source_name) DO UPDATE SET
             first_seen = least(sources.first_seen, excluded.first_seen),
             last_seen = greatest(sources.last_seen, excluded.last_seen)"""
    )


def _insert_new_posts(conn: duckdb.DuckDBPyConnection, run_id: str) -> int:
    return conn.execute(
        """INSERT INTO posts
           SELECT post_key, platform, source, native_id, url, author_token, text_redacted, entities::JSON, lang,
                  lang_prob, content_hash, 1, published_at, edited_at, crawled_at, crawled_at, NULL, ?, ?
           FROM in_posts ANTI JOIN posts USING (post_key)""",
        [run_id, run_id],
    ).fetchone()[0]


def _update_changed_posts(conn: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Bring posts up to a newer capture; an older or identical capture only widens first/last seen."""
    edited = conn.execute(
        """UPDATE posts SET url = i.url, author_token = i.author_token, text_redacted = i.text_redacted,
                  entities = i.entities::JSON, lang = i.lang, lang_prob = i.lang_prob, content_hash = i.content_hash,
                  version = (SELECT count(*) FROM post_versions v WHERE v.post_key = i.post_key),
                  published_at = coalesce(i.published_at, posts.published_at), edited_at = i.edited_at,
                  last_seen = i.crawled_at, last_run_id = ?
           FROM in_posts i
           WHERE posts.post_key = i.post_key AND i.crawled_at >= posts.last_seen
             AND i.content_hash <> posts.content_hash""",
        [run_id],
    ).fetchone()[0]
    conn.execute(
        """UPDATE posts SET first_seen = least(posts.first_seen, i.crawled_at),
                  last_seen = greatest(posts.last_seen, i.crawled_at),
                  last_run_id = CASE WHEN i.crawled_at > posts.last_seen THEN ? ELSE posts.last_run_id END
           FROM in_posts i
           WHERE posts.post_key = i.post_key
             AND (i.crawled_at > posts.last_seen OR i.crawled_at < posts.first_seen)""",
        [run_id],
    )
    return edited


def _insert_comments(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(
        """INSERT INTO comments
           SELECT post_key, sha256(c ->> 'text_redacted'), seq, coalesce((c ->> 'by_poster')::BOOLEAN, false),
                  c ->> 'author_token', c ->> 'text_redacted', crawled_at
           FROM (SELECT post_key, crawled_at, unnest(json_extract(comments, '$[*]')) AS c,
                        unnest(range(1, json_array_length(comments)::INTEGER + 1))::INTEGER AS seq
                 FROM in_posts WHERE comments IS NOT NULL AND json_array_length(comments) > 0)
           WHERE c ->> 'text_redacted' IS NOT NULL
           QUALIFY row_number() OVER (PARTITION BY post_key, sha256(c ->> 'text_redacted') ORDER BY seq) = 1
           ON CONFLICT DO NOTHING"""
    )


@retry_on_conflict
def mark_deleted(conn: duckdb.DuckDBPyConnection, post_keys: list[str], at: datetime | None = None) -> int:
    """Record that the platform no longer serves these posts (404/410 on re-crawl); exports skip them."""
    with transaction(conn):
        return conn.execute(
            "UPDATE posts SET deleted_at = ? WHERE deleted_at IS NULL AND list_contains(?, post_key)",
            [at or datetime.now(UTC), list(post_keys)],
        ).fetchone()[0]


def vault_object_id(post_key: str, content_hash: str) -> str:
    """The vault row of one captured version (docs/CONTRACTS.md)."""
    return f"{post_key}@{content_hash}"


def _insert_vault(conn: duckdb.DuckDBPyConnection) -> None:
    """Sealed originals go to the vault (owned by redaction, migration 0060) when that table exists."""
    if not table_exists(conn, "vault"):
        return
    conn.execute(
        """INSERT INTO vault (object_id, key_id, nonce, ciphertext, sha256, stored_at)
           SELECT post_key || '@' || content_hash, vault_key_id, vault_nonce, vault_ciphertext, vault_sha256, now()
           FROM in_posts WHERE vault_ciphertext IS NOT NULL
           ON CONFLICT DO NOTHING"""
    )


def _insert_assessments(conn: duckdb.DuckDBPyConnection, run_id: str) -> int:
    return conn.execute(
        """INSERT INTO assessments
           SELECT post_key, content_hash, model_version, label, score, scores::JSON, evidence::JSON,
                  coalesce(uncertain, false), now(), ?
           FROM in_assess ANTI JOIN assessments USING (post_key, content_hash, model_version)""",
        [run_id],
    ).fetchone()[0]


def _refresh_indicators(conn: duckdb.DuckDBPyConnection) -> None:
    """Indicators of posts whose current version is new in this run, extracted in one SQL statement."""
    conn.execute(
        """CREATE TEMP TABLE indicator_src AS SELECT p.post_key, p.text_redacted, p.entities FROM posts p
           SEMI JOIN new_keys n ON n.post_key = p.post_key AND n.content_hash = p.content_hash"""
    )
    conn.execute(f"CREATE TEMP TABLE new_indicators AS {indicators.indicator_sql('indicator_src')}")
    conn.execute(
        """DELETE FROM indicators WHERE post_key IN (SELECT post_key FROM indicator_src)
           AND (post_key, kind, value) NOT IN (SELECT (post_key, kind, value) FROM new_indicators)"""
    )
    conn.execute("INSERT INTO indicators SELECT post_key, kind, value FROM new_indicators ON CONFLICT DO NOTHING")
    conn.execute("DROP TABLE new_indicators")
    conn.execute("DROP TABLE indicator_src")


def refresh_review_items(conn: duckdb.DuckDBPyConnection) -> int:
    """Flagged posts (latest assessment of the current version is not benign, or uncertain) become review items.

    An item whose post was edited after analysts decided on it goes back to ``new``: the decisions were about other
    text. That holds for a rejected item whose new text is flagged (an advert edited in after moderation), and for
    any item still on its way to a referral (``needs_second``, ``escalated``, ``referable``). Referred items stay
    referred; the platform outcome and re-referral cover them. Each reopening is audited.
    """
    conn.execute(
        f"""CREATE OR REPLACE TEMP TABLE latest_current AS
           WITH latest AS (
             SELECT a.* FROM assessments a JOIN posts p ON p.post_key = a.post_key AND p.content_hash = a.content_hash
             QUALIFY row_number() OVER (PARTITION BY a.post_key ORDER BY a.assessed_at DESC, a.model_version DESC) = 1
           ), sizes AS (SELECT cluster_id, count(*) AS size FROM post_clusters GROUP BY cluster_id)
           SELECT l.post_key, l.label, l.score, l.uncertain, l.model_version, l.content_hash, pc.cluster_id,
                  coalesce(s.size, 1)::INTEGER AS cluster_size,
                  {
            PRIORITY_SQL.format(
                score="l.score",
                label="l.label",
                uncertain="l.uncertain",
                cluster_size="coalesce(s.size, 1)",
                last_seen="p.last_seen",
                published_at="p.published_at",
            )
        } AS priority,
                  l.label <> 'benign' OR l.uncertain AS flagged
           FROM latest l JOIN posts p USING (post_key)
           LEFT JOIN post_clusters pc USING (post_key) LEFT JOIN sizes s USING (cluster_id)"""
    )
    _reopen_edited(conn)
    placeholders = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    conn.execute(
        f"""UPDATE review_items r SET model_label = f.label, score = f.score, uncertain = f.uncertain,
                  model_version = f.model_version, content_hash = f.content_hash, priority = f.priority,
                  cluster_id = f.cluster_id, cluster_size = f.cluster_size, updated_at = now()
           FROM latest_current f
           WHERE r.post_key = f.post_key AND r.status IN ({placeholders})
             AND (f.flagged OR r.content_hash <> f.content_hash)
             AND (r.model_label, r.score, r.uncertain, r.model_version, r.content_hash, r.priority,
                  coalesce(r.cluster_id, ''), r.cluster_size)
                 IS DISTINCT FROM (f.label, f.score, f.uncertain, f.model_version, f.content_hash, f.priority,
                  coalesce(f.cluster_id, ''), f.cluster_size)"""
    )
    new = conn.execute(
        """INSERT INTO review_items (post_key, status, model_label, score, uncertain, model_version, content_hash,
                                    priority, cluster_id, cluster_size, created_at, updated_at)
           SELECT post_key, 'new', label, score, uncertain, model_version, content_hash, priority, cluster_id,
                  cluster_size, now(), now()
           FROM latest_current f ANTI JOIN review_items USING (post_key) WHERE f.flagged
           ORDER BY priority DESC, post_key"""
    ).fetchone()[0]
    conn.execute("DROP TABLE latest_current")
    return new


def _reopen_edited(conn: duckdb.DuckDBPyConnection) -> None:
    """Send items whose post changed since the decision back to ``new`` (see :func:`refresh_review_items`)."""
    from warehouse.audit import record_many

    reopened = conn.execute(
        """SELECT r.item_id, r.status FROM review_items r JOIN latest_current f USING (post_key)
           WHERE r.content_hash <> f.content_hash
             AND (r.status IN ('needs_second', 'escalated', 'referable') OR (r.status = 'rejected' AND f.flagged))
           ORDER BY r.item_id"""
    ).fetchall()
    if not reopened:
        return
    conn.execute(
        """UPDATE review_items SET status = 'new', final_label = NULL, referable_at = NULL, claimed_by = NULL,
                  claim_expires_at = NULL, updated_at = now()
           WHERE item_id IN (SELECT unnest(?))""",
        [[item_id for item_id, _ in reopened]],
    )
    record_many(
        conn,
        [
            {
                "operation": "alteration",
                "actor": LOADER_ACTOR,
                "role": "system",
                "object_type": "review_item",
                "object_id": str(item_id),
                "details": {"status": "new", "was": status, "reopened": "post edited after the decision"},
            }
            for item_id, status in reopened
        ],
    )


def _record_run(conn: duckdb.DuckDBPyConnection, run_id: str, run_dir: str, posts_in: int, assess_in: int) -> None:
    conn.execute(
        """INSERT INTO crawl_runs VALUES (?, ?, now(), now(), 1, ?, ?)
           ON CONFLICT (run_id) DO UPDATE SET last_loaded_at = now(), loads = crawl_runs.loads + 1,
             posts_in = excluded.posts_in, assessments_in = excluded.assessments_in""",
        [run_id, run_dir, posts_in, assess_in],
    )


def _audit_collection(
    conn: duckdb.DuckDBPyConnection, run_id: str, new_versions: list[tuple[str, int]], linked: int | None
) -> None:
    """One "collection" audit entry per source and run that stored new post versions, and one "combination" entry
    when the linked-advert clusters were recomputed.

    Per source rather than per post: the audit log is written entry by entry, and which run stored which version is
    already in ``post_versions.run_id``, so a per-post entry would cost the load its speed and add nothing.
    """
    from warehouse.audit import record_many

    record_many(
        conn,
        [
            {
                "operation": "collection",
                "actor": LOADER_ACTOR,
                "role": "system",
                "object_type": "crawl_batch",
                "object_id": f"{run_id}/{source_name}",
                "details": {"run_id": run_id, "post_versions": count},
            }
            for source_name, count in new_versions
        ]
        + (
            [
                {
                    "operation": "combination",
                    "actor": LOADER_ACTOR,
                    "role": "system",
                    "object_type": "post_clusters",
                    "object_id": run_id,
                    "details": {"run_id": run_id, "linked_clusters": linked},
                }
            ]
            if linked is not None
            else []
        ),
    )
