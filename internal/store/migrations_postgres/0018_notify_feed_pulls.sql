-- Node-local state, not part of the shared record and not rebuilt by
-- replay (like the read audit): when each party's systems last pulled its
-- notification feed (GET /api/v1/notify/feed) and the feed version they
-- were served. A pull is frequent and changes nothing shared; what matters
-- to others, a stale pull while a movement is under way, is an alert in
-- the log.
CREATE TABLE local_notify_feed_pulls (
    party   TEXT PRIMARY KEY,
    pulled  TEXT NOT NULL,
    version BIGINT NOT NULL
);
