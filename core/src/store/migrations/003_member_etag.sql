-- Version 3: the ETags of the member's own documents on the server (the confirmed
-- history, the held certifications), so an app started again revalidates them with
-- If-None-Match instead of downloading seven years of history on its first sync.
-- Keyed by member: another member's tag must never be sent for this one's data. A row
-- is written only in the transaction that stores the data it describes, and the
-- account's logout deletes every row.

CREATE TABLE member_etag (
    member_number TEXT NOT NULL,
    document TEXT NOT NULL CHECK (document IN ('history', 'certifications')),
    etag TEXT NOT NULL,
    PRIMARY KEY (member_number, document)
) WITHOUT ROWID;
