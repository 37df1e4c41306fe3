-- Federation mirrors: per peer origin, the accepted checkpoint, every
-- commitment of its log and the content of the entries releasable to this
-- node's party; and the evidence of misbehaviour found while mirroring.
-- Node-local (local_): this node's verified view of its peers, copied with
-- the node, never part of its own log.
CREATE TABLE local_mirror_checkpoints (
    origin      TEXT PRIMARY KEY,
    note        BLOB,              -- accepted checkpoint note with cosignatures; NULL before the first
    size        INTEGER NOT NULL,  -- its tree size (0 before the first)
    root        BLOB,              -- its root hash
    accepted_at TEXT NOT NULL,
    target      BLOB               -- checkpoint of a catch-up cut off between chunks, else NULL
);

CREATE TABLE local_mirror_entries (
    origin     TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    commitment BLOB    NOT NULL,
    content    BLOB,               -- canonical bytes; NULL when not releasable to this party
    PRIMARY KEY (origin, seq)
);

CREATE TABLE local_federation_evidence (
    id      TEXT PRIMARY KEY,
    origin  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    time    TEXT NOT NULL,
    record  BLOB NOT NULL,         -- the evidence as JSON: signed notes and kept bytes
    cleared TEXT                   -- when an operator cleared it; NULL while it halts the mirror
);
CREATE INDEX local_federation_evidence_origin ON local_federation_evidence (origin, time);

CREATE TRIGGER local_mirror_entries_no_update BEFORE UPDATE ON local_mirror_entries
BEGIN SELECT RAISE(ABORT, 'local_mirror_entries is append-only'); END;
CREATE TRIGGER local_mirror_entries_no_delete BEFORE DELETE ON local_mirror_entries
BEGIN SELECT RAISE(ABORT, 'local_mirror_entries is append-only'); END;
CREATE TRIGGER local_federation_evidence_no_delete BEFORE DELETE ON local_federation_evidence
BEGIN SELECT RAISE(ABORT, 'local_federation_evidence is kept'); END;
