-- The projector page's key: one per session, read-only, instead of the staff token in
-- the venue laptop's URL. Only the SHA-256 of the key is stored (a copy of the database
-- opens no projector page). No expiry column: a key works until the session's
-- valid_until plus a day, computed from the session itself. Revoking deletes the row.
CREATE TABLE projector_keys (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    key_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
