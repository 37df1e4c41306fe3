-- PostgreSQL counterpart of migrations/0019_mirror_timeline.sql.
-- What users see of the federation: every mirrored entry with content is
-- applied to the projections like an own entry. Node-local (local_): this
-- node's timeline of the mirrored entries it applied, which replay reads to
-- rebuild their projections in the same order, interleaved with the own log.
CREATE TABLE local_mirror_applied (
    pos     BIGINT PRIMARY KEY, -- local timeline position (store.MirrorBase + k): the seq the projections hold
    origin  TEXT   NOT NULL,    -- the origin whose log holds the entry
    seq     BIGINT NOT NULL,    -- its index in that log (local_mirror_entries.seq)
    after   BIGINT NOT NULL,    -- the own log's size when it was applied: it comes before own entry `after`
    subject TEXT   NOT NULL,
    UNIQUE (origin, seq)
);
CREATE INDEX local_mirror_applied_after ON local_mirror_applied (after, pos);
CREATE INDEX local_mirror_applied_subject ON local_mirror_applied (subject, pos);

CREATE TRIGGER local_mirror_applied_no_update BEFORE UPDATE OR DELETE ON local_mirror_applied
    FOR EACH ROW EXECUTE FUNCTION log_append_only();
CREATE TRIGGER local_mirror_applied_no_truncate BEFORE TRUNCATE ON local_mirror_applied
    FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();

-- The origin of each incident: '' for this node's own, else the origin
-- whose log reported it (a projection: replay sets it).
ALTER TABLE incidents ADD COLUMN origin TEXT NOT NULL DEFAULT '';
