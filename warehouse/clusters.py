"""Linked adverts: posts that share a contact placeholder belong to one cluster (a connected component).

A phone number advertised on Telegram and in a classifieds listing pseudonymises to the same placeholder, so the
placeholder links the two posts across platforms and languages. Components are recomputed from the ``indicators``
table after each load (union-find in memory, written back in one bulk statement); a cluster's id is derived from its
smallest contact placeholder, so it stays stable while the cluster only grows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(edges: list[tuple[str, str]]) -> dict[str, str]:
    """post_key -> cluster id, for (post_key, contact token) edges."""
    uf = _UnionFind()
    for post_key, token in edges:
        uf.union("t|" + token, "p|" + post_key)
    min_token: dict[str, str] = {}
    for post_key, token in edges:
        root = uf.find("p|" + post_key)
        if root not in min_token or token < min_token[root]:
            min_token[root] = token
    return {
        post_key: "c" + hashlib.sha256(min_token[uf.find("p|" + post_key)].encode()).hexdigest()[:12]
        for post_key, _ in edges
    }


def refresh_clusters(conn: duckdb.DuckDBPyConnection) -> int:
    """Recompute ``post_clusters`` from the contact indicators; return how many clusters have two or more posts."""
    edges = conn.execute("SELECT post_key, value FROM indicators WHERE kind = 'contact'").fetchall()
    mapping = components(edges)
    table = pa.table(
        {"post_key": list(mapping), "cluster_id": list(mapping.values())},
        schema=pa.schema([("post_key", pa.string()), ("cluster_id", pa.string())]),
    )
    conn.register("new_clusters", table)
    try:
        conn.execute("DELETE FROM post_clusters WHERE post_key NOT IN (SELECT post_key FROM new_clusters)")
        conn.execute(
            """INSERT INTO post_clusters SELECT post_key, cluster_id FROM new_clusters
               ON CONFLICT (post_key) DO UPDATE SET cluster_id = excluded.cluster_id"""
        )
    finally:
        conn.unregister("new_clusters")
    return conn.execute(
        "SELECT count(*) FROM (SELECT cluster_id FROM post_clusters GROUP BY ALL HAVING count(*) > 1) c"
    ).fetchone()[0]  # clusters with more than one post


CLUSTER_SUMMARY_SQL = """
SELECT pc.cluster_id,
       count(*)::INTEGER AS size,
       list(DISTINCT p.platform ORDER BY p.platform) AS platforms,
       list(DISTINCT p.lang ORDER BY p.lang) FILTER (WHERE p.lang IS NOT NULL) AS languages,
       min(coalesce(p.published_at, p.first_seen)) AS first_seen,
       max(p.last_seen) AS last_seen
FROM post_clusters pc JOIN posts p USING (post_key)
GROUP BY pc.cluster_id
"""


@dataclass(frozen=True)
class Cluster:
    """A post's linked-advert cluster (a post with no contact placeholder is a cluster of one)."""

    cluster_id: str
    size: int
    platforms: list[str]
    languages: list[str]
    first_seen: datetime | None
    last_seen: datetime | None


def cluster_of(conn: duckdb.DuckDBPyConnection, post_key: str) -> Cluster | None:
    """The cluster of one post, or None if the post is unknown."""
    return clusters_for(conn, [post_key]).get(post_key)


def clusters_for(conn: duckdb.DuckDBPyConnection, post_keys: list[str] | None = None) -> dict[str, Cluster]:
    """Clusters of the given posts (default: every flagged post, i.e. every review item)."""
    where = (
        "WHERE p.post_key IN (SELECT unnest(?))"
        if post_keys is not None
        else ("WHERE p.post_key IN (SELECT post_key FROM review_items)")
    )
    rows = conn.execute(
        f"""
        WITH s AS ({CLUSTER_SUMMARY_SQL})
        SELECT p.post_key, coalesce(pc.cluster_id, 'p' || left(sha256(p.post_key), 12)),
               coalesce(s.size, 1), coalesce(s.platforms, [p.platform]),
               coalesce(s.languages, CASE WHEN p.lang IS NULL THEN [] ELSE [p.lang] END),
               coalesce(s.first_seen, coalesce(p.published_at, p.first_seen)), coalesce(s.last_seen, p.last_seen)
        FROM posts p LEFT JOIN post_clusters pc USING (post_key) LEFT JOIN s USING (cluster_id)
        {where}
        """,
        [post_keys] if post_keys is not None else [],
    ).fetchall()
    return {r[0]: Cluster(r[1], r[2], list(r[3]), list(r[4] or []), r[5], r[6]) for r in rows}
