-- Projections of the humanitarian notification entries (site.* and
-- movement.*), rebuilt by replay. doc holds the current version's record
-- as JSON; the other columns are what queries filter on. Times are RFC 3339
-- text; *_unix columns are Unix seconds for portable comparisons.
CREATE TABLE notify_notices (
    id             TEXT PRIMARY KEY,
    type           TEXT NOT NULL,    -- site or movement
    party          TEXT NOT NULL,    -- the notifier
    author         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,    -- active or cancelled
    tlp            TEXT NOT NULL,
    audience       TEXT NOT NULL,    -- ",a,b," for LIKE '%,p,%'
    release_json   TEXT NOT NULL,
    notified       TEXT NOT NULL,
    updated        TEXT NOT NULL,
    cancelled      TEXT NOT NULL,    -- "" while active
    cancel_reason  TEXT NOT NULL,
    doc            TEXT NOT NULL,
    first_seq      INTEGER NOT NULL,
    seq            INTEGER NOT NULL
);
CREATE INDEX notify_notices_type ON notify_notices (type, status, first_seq);

CREATE TABLE notify_acks (
    notice_id      TEXT NOT NULL REFERENCES notify_notices (id),
    party          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,    -- pending, acknowledged, refused
    first_notified TEXT NOT NULL,
    notified       TEXT NOT NULL,
    deadline       TEXT NOT NULL,
    deadline_unix  INTEGER NOT NULL,
    responded      TEXT NOT NULL,
    author         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    notified_seq   INTEGER NOT NULL, -- the entry that notified this version
    seq            INTEGER NOT NULL,
    PRIMARY KEY (notice_id, party)
);
CREATE INDEX notify_acks_pending ON notify_acks (status, deadline_unix);
