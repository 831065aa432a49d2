-- Review app: login sessions (only a hash of the cookie token is stored) and failed sign-ins per account
-- (keyed by a hash of the username) for login throttling.
CREATE TABLE IF NOT EXISTS review_sessions (
    token_hash VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    csrf_token VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS review_login_failures (
    account_key VARCHAR NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
