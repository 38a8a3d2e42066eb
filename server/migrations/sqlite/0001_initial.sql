-- Times are unix milliseconds (BIGINT) and dates ISO text, the same on both backends,
-- so one set of queries serves SQLite and PostgreSQL.
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    member_number TEXT NOT NULL UNIQUE,
    name_kanji TEXT NOT NULL,
    name_kana TEXT NOT NULL,
    name_romaji TEXT NOT NULL,
    category TEXT NOT NULL,
    joined_on TEXT,
    email TEXT,
    password_hash TEXT NOT NULL,
    password_temporary BOOLEAN NOT NULL,
    update_deadline TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX tokens_member ON tokens(member_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(subject, at);

CREATE TABLE congresses (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    congress_id TEXT NOT NULL REFERENCES congresses(id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    credit BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_until BIGINT NOT NULL,
    rotation_secs BIGINT
);

CREATE TABLE signing_keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_until BIGINT,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members(id),
    session_id TEXT NOT NULL REFERENCES sessions(id),
    attended_at BIGINT NOT NULL,
    source TEXT NOT NULL,
    client_id TEXT,
    UNIQUE (member_id, session_id)
);

-- One row per client id ever received, with the verdict given: a retried upload is
-- answered from here, so the same batch twice gives the same verdicts.
CREATE TABLE scans (
    client_id TEXT PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members(id),
    verdict TEXT NOT NULL,
    reason TEXT,
    received_at BIGINT NOT NULL
);

CREATE TABLE certifications (
    member_id BIGINT NOT NULL REFERENCES members(id),
    certification_id TEXT NOT NULL,
    renewal_due TEXT NOT NULL,
    PRIMARY KEY (member_id, certification_id)
);
