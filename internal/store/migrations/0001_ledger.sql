-- The log: entries, their commitments, the tree's stored hashes, checkpoints.
-- Rows are only ever inserted: triggers refuse UPDATE and DELETE.
CREATE TABLE log_entries (
    seq        INTEGER PRIMARY KEY,
    canonical  BLOB    NOT NULL,
    commitment BLOB    NOT NULL,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    party      TEXT    NOT NULL,
    tlp        TEXT    NOT NULL,
    audience   TEXT    NOT NULL, -- ",us,ru," for LIKE matching; "" when empty
    time       TEXT    NOT NULL
);
CREATE INDEX log_entries_subject ON log_entries (subject, seq);

CREATE TABLE log_hashes (
    idx  INTEGER PRIMARY KEY,
    hash BLOB NOT NULL
);

CREATE TABLE log_checkpoints (
    id           INTEGER PRIMARY KEY, -- a size may be signed again, e.g. for new witnesses
    size         INTEGER NOT NULL,
    root         BLOB NOT NULL,
    signed       BLOB NOT NULL,
    cosignatures BLOB NOT NULL, -- concatenated signature lines
    created      TEXT NOT NULL
);

CREATE INDEX log_checkpoints_size ON log_checkpoints (size, id);

CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;
CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;
CREATE TRIGGER log_hashes_no_update BEFORE UPDATE ON log_hashes
BEGIN SELECT RAISE(ABORT, 'log_hashes is append-only'); END;
CREATE TRIGGER log_hashes_no_delete BEFORE DELETE ON log_hashes
BEGIN SELECT RAISE(ABORT, 'log_hashes is append-only'); END;
CREATE TRIGGER log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
CREATE TRIGGER log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;

-- INSERT OR REPLACE deletes the old row without firing DELETE triggers
-- unless recursive_triggers is on (truce's connections turn it on); these
-- refuse a replacement from any connection.
CREATE TRIGGER log_entries_no_replace BEFORE INSERT ON log_entries
WHEN EXISTS (SELECT 1 FROM log_entries WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'log_entries is append-only'); END;
CREATE TRIGGER log_hashes_no_replace BEFORE INSERT ON log_hashes
WHEN EXISTS (SELECT 1 FROM log_hashes WHERE idx = NEW.idx)
BEGIN SELECT RAISE(ABORT, 'log_hashes is append-only'); END;
CREATE TRIGGER log_checkpoints_no_replace BEFORE INSERT ON log_checkpoints
WHEN EXISTS (SELECT 1 FROM log_checkpoints WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
