-- Cosignature times (timeliness): for every checkpoint this node accepted,
-- its own (cosigned by its witnesses) and each peer's (accepted by a mirror),
-- the earliest verified C2SP cosignature/v1 timestamp of each witness, and
-- the checkpoint note that carries it (the evidence). A tree of size N
-- cosigned at T proves that entries 0..N-1 of the origin existed at T.
-- Node-local (local_): derived from verified notes, never part of the log.
CREATE TABLE local_cosignature_times (
    origin      TEXT    NOT NULL,
    tree_size   BIGINT  NOT NULL,
    witness     TEXT    NOT NULL,  -- the witness's key name
    cosigned_at TEXT    NOT NULL,  -- RFC 3339, UTC, whole seconds: sorts as it reads
    note        BYTEA   NOT NULL,  -- the checkpoint note with that cosignature
    PRIMARY KEY (origin, tree_size, witness)
);
