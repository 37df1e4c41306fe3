-- Sources attached to an incident after its report (issue 22): each
-- draft.merged entry that carries a rated source projects one row. The
-- entry's releasability (the draft's) is copied per row so that every read
-- decides on it: an attachment may be released more narrowly than its
-- incident. Rebuilt by replay.
CREATE TABLE incident_attachments (
    seq          BIGINT PRIMARY KEY, -- the draft.merged entry
    incident_id  TEXT NOT NULL REFERENCES incidents (id),
    draft_id     TEXT NOT NULL,
    party        TEXT NOT NULL,
    author       TEXT NOT NULL,
    time         TEXT NOT NULL,
    doc          TEXT NOT NULL, -- the rated source and its evidence, JSON
    release_json TEXT NOT NULL
);
CREATE INDEX incident_attachments_incident ON incident_attachments (incident_id, seq);
