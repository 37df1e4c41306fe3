-- Live positions of movements under way (issue 15): each movement.positions
-- entry (one batch its notifier posted) projects one row per position. The
-- entry's releasability (the notifier and the notified parties only) is
-- copied per row so that every read decides on it. Rebuilt by replay.
CREATE TABLE notify_positions (
    notice_id     TEXT NOT NULL REFERENCES notify_notices (id),
    seq           INTEGER NOT NULL, -- the entry that reported the position
    idx           INTEGER NOT NULL, -- its place in the entry's batch
    at            TEXT NOT NULL, -- when the position was taken (RFC 3339)
    at_unix       INTEGER NOT NULL,
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    reported      TEXT NOT NULL, -- the entry's time
    party         TEXT NOT NULL, -- the notifier
    author        TEXT NOT NULL,
    release_json  TEXT NOT NULL,
    PRIMARY KEY (seq, idx)
);
-- A movement's positions newest first, and its latest by time.
CREATE INDEX notify_positions_notice ON notify_positions (notice_id, seq);
CREATE INDEX notify_positions_latest ON notify_positions (notice_id, at_unix);
