-- Core warehouse schema: sources, runs, posts with versions, comments, assessments, indicators, clusters,
-- review items and decisions, referrals, users. Redacted text only; raw originals live in the vault (0060).

CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL CHECK (role IN ('analyst', 'supervisor', 'auditor')),
    password_hash VARCHAR,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sources (
    source_name VARCHAR PRIMARY KEY,          -- "{platform}:{source}"
    platform VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL
);

CREATE TABLE crawl_runs (
    run_id VARCHAR PRIMARY KEY,
    run_dir VARCHAR NOT NULL,
    first_loaded_at TIMESTAMPTZ NOT NULL,
    last_loaded_at TIMESTAMPTZ NOT NULL,
    loads INTEGER NOT NULL,
    posts_in BIGINT NOT NULL,
    assessments_in BIGINT NOT NULL
);

CREATE TABLE posts (
    post_key VARCHAR PRIMARY KEY,             -- "{platform}:{source}:{native_id}"
    platform VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    native_id VARCHAR NOT NULL,
    url VARCHAR,
    author_token VARCHAR,                     -- pseudonym placeholder, never the raw author
    text_redacted VARCHAR NOT NULL,
    entities JSON,
    lang VARCHAR,
    lang_prob DOUBLE,
    content_hash VARCHAR NOT NULL,            -- sha256 of the original text of the current version
    version INTEGER NOT NULL,
    published_at TIMESTAMPTZ,
    edited_at TIMESTAMPTZ,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ,
    first_run_id VARCHAR,
    last_run_id VARCHAR
);

-- Every version of every post ever captured (the current one included); an edit adds a row.
CREATE TABLE post_versions (
    post_key VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    text_redacted VARCHAR NOT NULL,
    entities JSON,
    lang VARCHAR,
    lang_prob DOUBLE,
    edited_at TIMESTAMPTZ,
    captured_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR,
    PRIMARY KEY (post_key, content_hash)
);

CREATE TABLE comments (
    post_key VARCHAR NOT NULL,
    comment_hash VARCHAR NOT NULL,            -- sha256 of the redacted text: identity of a comment
    seq INTEGER NOT NULL,
    by_poster BOOLEAN NOT NULL,
    author_token VARCHAR,
    text_redacted VARCHAR NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_key, comment_hash)
);

-- One assessment per post version and model version.
CREATE TABLE assessments (
    post_key VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    scores JSON,
    evidence JSON,
    uncertain BOOLEAN NOT NULL DEFAULT false,
    assessed_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR,
    PRIMARY KEY (post_key, content_hash, model_version)
);

-- Indicators extracted from the current version of a post (kind: contact, price, route, country, transport,
-- document); values are placeholders or non-personal facts, never raw identifiers.
CREATE TABLE indicators (
    post_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY (post_key, kind, value)
);

-- Linked adverts: connected components of posts sharing a contact token.
CREATE TABLE post_clusters (
    post_key VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL
);

CREATE SEQUENCE review_item_seq START 1;
CREATE TABLE review_items (
    item_id BIGINT PRIMARY KEY DEFAULT nextval('review_item_seq'),
    post_key VARCHAR NOT NULL UNIQUE,
    status VARCHAR NOT NULL CHECK (status IN ('new', 'needs_second', 'escalated', 'referable', 'rejected', 'referred')),
    model_label VARCHAR NOT NULL,
    final_label VARCHAR,
    score DOUBLE NOT NULL,
    uncertain BOOLEAN NOT NULL,
    model_version VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    priority DOUBLE NOT NULL,
    cluster_id VARCHAR,
    cluster_size INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    referable_at TIMESTAMPTZ,
    claimed_by VARCHAR,
    claim_expires_at TIMESTAMPTZ
);

-- Append-only: the warehouse code never updates or deletes a decision.
CREATE SEQUENCE decision_seq START 1;
CREATE TABLE decisions (
    decision_id BIGINT PRIMARY KEY DEFAULT nextval('decision_seq'),
    item_id BIGINT NOT NULL,
    post_key VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    username VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    decision VARCHAR NOT NULL CHECK (decision IN ('confirm', 'reject', 'escalate', 'approve')),
    label VARCHAR,
    reason VARCHAR,
    note VARCHAR,
    status_after VARCHAR NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE referral_batches (
    batch_id VARCHAR PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    platform VARCHAR NOT NULL,
    referrals INTEGER NOT NULL,
    json_file VARCHAR NOT NULL,
    csv_file VARCHAR NOT NULL,
    json_sha256 VARCHAR NOT NULL,
    schema_version VARCHAR NOT NULL
);

CREATE TABLE referrals (
    referral_id VARCHAR PRIMARY KEY,
    batch_id VARCHAR NOT NULL,
    item_id BIGINT NOT NULL,
    post_key VARCHAR NOT NULL,
    platform VARCHAR NOT NULL,
    url VARCHAR,
    category VARCHAR NOT NULL,
    lang VARCHAR,
    created_at TIMESTAMPTZ NOT NULL,
    outcome VARCHAR CHECK (outcome IN ('removed', 'restricted', 'no_action', 'rejected')),
    outcome_at TIMESTAMPTZ,
    re_referral_due_at TIMESTAMPTZ
);
