-- Redaction (issue 5): the hash-chained audit log and the encrypted evidence vault (docs/CONTRACTS.md).
-- "at" is quoted: it is a reserved word in DuckDB 2.0, and the unquoted DDL does not parse.
CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, "at" TIMESTAMPTZ NOT NULL, actor VARCHAR NOT NULL,
  role VARCHAR NOT NULL, operation VARCHAR NOT NULL, object_type VARCHAR, object_id VARCHAR,
  justification VARCHAR, recipient VARCHAR, details JSON, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL);
CREATE TABLE vault (object_id VARCHAR PRIMARY KEY, key_id VARCHAR NOT NULL, nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL, sha256 VARCHAR NOT NULL, stored_at TIMESTAMPTZ NOT NULL);
