-- Projections of the alert entries (alert.*), rebuilt by replay. doc holds
-- the alert's raised payload as JSON; status is open until every party
-- concerned has acknowledged.
CREATE TABLE alerts (
    id            TEXT PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    severity      TEXT NOT NULL,
    level         INTEGER NOT NULL,
    status        TEXT NOT NULL,
    party         TEXT NOT NULL,
    tlp           TEXT NOT NULL,
    audience      TEXT NOT NULL,
    release_json  TEXT NOT NULL,
    raised        TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    deadline_unix INTEGER NOT NULL,
    doc           TEXT NOT NULL,
    raised_seq    INTEGER NOT NULL,
    seq           INTEGER NOT NULL
);
CREATE INDEX alerts_due ON alerts (status, deadline_unix);

CREATE TABLE alert_acks (
    alert_id TEXT NOT NULL REFERENCES alerts (id),
    party    TEXT NOT NULL,
    status   TEXT NOT NULL, -- pending or acknowledged
    time     TEXT NOT NULL,
    author   TEXT NOT NULL,
    note     TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (alert_id, party)
);

-- Node-local delivery state, not part of the shared record and not rebuilt
-- by replay: webhooks (with their HMAC secrets) and their delivery log.
CREATE TABLE local_webhooks (
    id         TEXT PRIMARY KEY,
    party      TEXT NOT NULL,
    url        TEXT NOT NULL,
    kinds      TEXT NOT NULL, -- JSON array of kind prefixes
    secret     TEXT NOT NULL,
    created    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    disabled   INTEGER NOT NULL,
    cursor     INTEGER NOT NULL
);
CREATE TABLE local_webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    webhook_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    status      TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    error       TEXT NOT NULL,
    time        TEXT NOT NULL,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX local_webhook_deliveries_hook ON local_webhook_deliveries (webhook_id, id);
