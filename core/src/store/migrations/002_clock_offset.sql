-- Version 2: how far the device clock was off the server's when a scan was made.
-- A phone with a wrong clock makes scans that look outside their code's window; with
-- the offset the server can judge the scan by its own time. NULL: not known yet
-- (before the first sync, or scans recorded by version 1).

ALTER TABLE scan ADD COLUMN clock_offset_ms INTEGER;

-- The last offset the sync side measured (server time minus device time).
CREATE TABLE clock_sync (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    offset_ms INTEGER NOT NULL,
    measured_at INTEGER NOT NULL
);
