-- PostgreSQL counterpart of migrations/0007_hotline.sql: INTEGER is BIGINT and REAL is
-- DOUBLE PRECISION (SQLite's are 64-bit); otherwise identical.
-- Projections of the hotline entries (message.*), rebuilt by replay. doc
-- holds the message.sent payload as JSON.
CREATE TABLE messages (
    id            TEXT PRIMARY KEY,
    party         TEXT NOT NULL, -- sender
    author        TEXT NOT NULL,
    tlp           TEXT NOT NULL,
    audience      TEXT NOT NULL,
    release_json  TEXT NOT NULL,
    sent          TEXT NOT NULL,
    doc           TEXT NOT NULL,
    sent_seq      BIGINT NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE TABLE message_receipts (
    message_id   TEXT NOT NULL REFERENCES messages (id),
    party        TEXT NOT NULL,
    read         TEXT NOT NULL,
    read_by      TEXT NOT NULL,
    acknowledged TEXT NOT NULL,
    acked_by     TEXT NOT NULL,
    note         TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    PRIMARY KEY (message_id, party)
);
