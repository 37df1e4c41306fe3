-- Projections of the zones domain (rebuilt by replay): zones, their
-- versions and the co-chairs' agreements to each version.
CREATE TABLE zones (
    id       TEXT PRIMARY KEY,
    party    TEXT NOT NULL,    -- proposer of the first version
    tlp      TEXT NOT NULL,
    audience TEXT NOT NULL,    -- ",us,ru," ("" when empty)
    created  TEXT NOT NULL,
    latest   INTEGER NOT NULL, -- highest version number
    seq      INTEGER NOT NULL  -- last entry about the zone: its ETag
);
CREATE TABLE zone_versions (
    zone_id         TEXT NOT NULL REFERENCES zones (id),
    version         INTEGER NOT NULL,
    action          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    name_ru         TEXT NOT NULL,
    name_ar         TEXT NOT NULL,
    geometry        TEXT NOT NULL, -- GeoJSON MultiPolygon, normalised
    min_lon         REAL NOT NULL,
    min_lat         REAL NOT NULL,
    max_lon         REAL NOT NULL,
    max_lat         REAL NOT NULL,
    effective_from  TEXT NOT NULL,
    effective_until TEXT NOT NULL, -- "" for open-ended
    note            TEXT NOT NULL,
    party           TEXT NOT NULL,
    author          TEXT NOT NULL,
    proposed_at     TEXT NOT NULL,
    agreed_at       TEXT NOT NULL, -- "" until every co-chair agreed
    in_force_from   TEXT NOT NULL, -- "" until agreed
    seq             INTEGER NOT NULL,
    PRIMARY KEY (zone_id, version)
);
CREATE INDEX zone_versions_agreed ON zone_versions (agreed_at, zone_id);
CREATE TABLE zone_agreements (
    zone_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    party   TEXT NOT NULL,
    author  TEXT NOT NULL,
    time    TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (zone_id, version, party),
    FOREIGN KEY (zone_id, version) REFERENCES zone_versions (zone_id, version)
);
