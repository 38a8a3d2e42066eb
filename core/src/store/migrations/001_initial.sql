-- Version 1: the logged-in member, the society documents the app caches, the scan
-- queue and the server's confirmed history.
-- A migration that has shipped is frozen: change the schema with a new file.
-- Times are unix milliseconds (UTC): they sort, and no time-zone text to parse.

CREATE TABLE account (
    -- One member per device at a time: the row id is pinned to 1.
    id INTEGER PRIMARY KEY CHECK (id = 1),
    member_number TEXT NOT NULL,
    display_name TEXT NOT NULL,
    temporary_password INTEGER NOT NULL CHECK (temporary_password IN (0, 1)),
    update_deadline TEXT -- YYYY-MM-DD
);

-- The key set and the credit rules, as last fetched, with the ETag to revalidate them.
CREATE TABLE cached_document (
    name TEXT PRIMARY KEY NOT NULL CHECK (name IN ('keys', 'rules')),
    json TEXT NOT NULL,
    etag TEXT,
    fetched_at INTEGER NOT NULL
);

CREATE TABLE scan (
    -- UUID v7 made on the device at scan time; the server's idempotency key.
    client_id TEXT PRIMARY KEY NOT NULL,
    member_number TEXT NOT NULL,
    -- The QR text exactly as read: what is uploaded, and what the server verifies again.
    code_text TEXT NOT NULL,
    -- The claims the app verified (JSON of CodeClaims); the ids are copied out for the
    -- one-per-session index.
    claims_json TEXT NOT NULL,
    congress_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    scanned_at INTEGER NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('pending', 'sent', 'accepted', 'duplicate', 'rejected')),
    reject_reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_attempt_at INTEGER,
    updated_at INTEGER NOT NULL,
    CHECK ((state = 'rejected') = (reject_reason IS NOT NULL))
) WITHOUT ROWID;

-- One record per member per session: a second scan of the same session is answered
-- "already registered". A rejected scan does not count, so the member can scan again.
CREATE UNIQUE INDEX scan_one_per_session
    ON scan (member_number, congress_id, session_id)
    WHERE state <> 'rejected';

-- The sync side's batches: waiting scans, oldest first.
CREATE INDEX scan_waiting ON scan (scanned_at) WHERE state IN ('pending', 'sent');

-- Attendance the server confirms, including records never scanned on this device
-- (e.g. an online spring meeting imported by the office). Keyed by member and session,
-- the same key as the scan index, so a confirmed local scan is counted once.
CREATE TABLE history (
    member_number TEXT NOT NULL,
    congress_id TEXT NOT NULL,
    congress_name TEXT NOT NULL,
    session_id TEXT NOT NULL,
    session_title TEXT NOT NULL,
    kind TEXT NOT NULL,
    credit INTEGER NOT NULL CHECK (credit >= 0),
    attended_at INTEGER NOT NULL,
    -- The local scan this record confirms, when it was scanned here.
    client_id TEXT REFERENCES scan (client_id) ON DELETE SET NULL,
    PRIMARY KEY (member_number, congress_id, session_id)
);

-- Certifications the member holds, as the server reports them.
CREATE TABLE held_certification (
    member_number TEXT NOT NULL,
    cert_id TEXT NOT NULL,
    renewal_due TEXT NOT NULL, -- YYYY-MM-DD
    PRIMARY KEY (member_number, cert_id)
);
