-- What users see of the federation: every mirrored entry with content is
-- applied to the projections like an own entry. Node-local (local_): this
-- node's timeline of the mirrored entries it applied, which replay reads to
-- rebuild their projections in the same order, interleaved with the own log.
CREATE TABLE local_mirror_applied (
    pos     INTEGER PRIMARY KEY, -- local timeline position (store.MirrorBase + k): the seq the projections hold
    origin  TEXT    NOT NULL,    -- the origin whose log holds the entry
    seq     INTEGER NOT NULL,    -- its index in that log (local_mirror_entries.seq)
    after   INTEGER NOT NULL,    -- the own log's size when it was applied: it comes before own entry `after`
    subject TEXT    NOT NULL,
    UNIQUE (origin, seq)
);
CREATE INDEX local_mirror_applied_after ON local_mirror_applied (after, pos);
CREATE INDEX local_mirror_applied_subject ON local_mirror_applied (subject, pos);

CREATE TRIGGER local_mirror_applied_no_update BEFORE UPDATE ON local_mirror_applied
BEGIN SELECT RAISE(ABORT, 'local_mirror_applied is append-only'); END;
CREATE TRIGGER local_mirror_applied_no_delete BEFORE DELETE ON local_mirror_applied
BEGIN SELECT RAISE(ABORT, 'local_mirror_applied is append-only'); END;

-- The origin of each incident: '' for this node's own, else the origin
-- whose log reported it (a projection: replay sets it).
ALTER TABLE incidents ADD COLUMN origin TEXT NOT NULL DEFAULT '';
