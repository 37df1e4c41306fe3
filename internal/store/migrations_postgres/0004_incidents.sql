-- PostgreSQL counterpart of migrations/0004_incidents.sql: INTEGER is BIGINT and REAL is
-- DOUBLE PRECISION (SQLite's are 64-bit); otherwise identical.
-- Projections of the incidents domain (rebuilt by replay).
CREATE TABLE incidents (
    n            BIGINT PRIMARY KEY, -- seq of incident.reported: a stable row id
    id           TEXT NOT NULL UNIQUE,
    ikey         TEXT NOT NULL UNIQUE, -- idempotency key (external id or content hash)
    external_id  TEXT NOT NULL,
    party        TEXT NOT NULL,
    author       TEXT NOT NULL,
    reported_at  TEXT NOT NULL,
    category     TEXT NOT NULL,
    status       TEXT NOT NULL,
    round        BIGINT NOT NULL,
    t0           BIGINT NOT NULL, -- start, Unix seconds (the reported start, normalised to UTC)
    t1           BIGINT NOT NULL, -- end (or start + precision), Unix seconds
    time_end     TEXT NOT NULL, -- the reported end, "" when none
    time_prec    TEXT NOT NULL, -- time precision (exact, hour, day, week)
    min_lon      DOUBLE PRECISION NOT NULL,
    min_lat      DOUBLE PRECISION NOT NULL,
    max_lon      DOUBLE PRECISION NOT NULL,
    max_lat      DOUBLE PRECISION NOT NULL,
    location     TEXT NOT NULL, -- GeoJSON Point or Polygon
    location_precision TEXT NOT NULL,
    place_name   TEXT NOT NULL,
    place_id     BIGINT NOT NULL,
    perpetrator  TEXT NOT NULL, -- party:<id>, group:<name> or unknown
    killed       BIGINT NOT NULL, -- conservative figures
    injured      BIGINT NOT NULL,
    tlp          TEXT NOT NULL,
    audience     TEXT NOT NULL, -- ",us,ru," ("" when empty)
    duplicate_of TEXT NOT NULL,
    seq          BIGINT NOT NULL -- last state change: the ETag
);
-- Listings read only incidents, whose rows are kept narrow; the full report
-- (narrative, sources, casualties, evidence) is read for one incident or a
-- page of them. words is what text search matches: the words of the
-- narrative, place name and sources, lowercased (see store.searchWords);
-- inserting a row here fills the engine's search indexes (0005_*).
CREATE TABLE incident_reports (
    n      BIGINT PRIMARY KEY REFERENCES incidents (n),
    report TEXT NOT NULL, -- the reported content, JSON
    words  TEXT NOT NULL
);
CREATE INDEX incidents_time ON incidents (t0, n);
CREATE INDEX incidents_status_time ON incidents (status, t0, n);
CREATE INDEX incidents_party_time ON incidents (party, t0, n);
CREATE INDEX incidents_category_time ON incidents (category, t0, n);
CREATE TABLE incident_assessments (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    round       BIGINT NOT NULL,
    party       TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    reasoning   TEXT NOT NULL,
    author      TEXT NOT NULL,
    time        TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (incident_id, round, party)
);
-- Zone attribution: derived from incidents and agreed zone versions by the
-- rule in package zones, recomputed when a zone version is agreed.
CREATE TABLE incident_zones (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    zone_id     TEXT NOT NULL,
    PRIMARY KEY (incident_id, zone_id)
);
CREATE INDEX incident_zones_zone ON incident_zones (zone_id, incident_id);
CREATE TABLE incident_comments (
    seq         BIGINT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    party       TEXT NOT NULL,
    author      TEXT NOT NULL,
    time        TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX incident_comments_incident ON incident_comments (incident_id, seq);
