-- PostgreSQL counterpart of migrations/0016_monitoring.sql: INTEGER is BIGINT; otherwise
-- identical.
-- Projections of the monitoring entries (monitoring.*), rebuilt by replay:
-- the monitors' patrols and flights and the restrictions of their
-- movement. doc holds the entry's payload as JSON; times are also kept as
-- Unix seconds for the period queries of the coverage map.
CREATE TABLE monitoring_patrols (
    id            TEXT PRIMARY KEY,
    party         TEXT NOT NULL,
    author        TEXT NOT NULL,
    tlp           TEXT NOT NULL,
    audience      TEXT NOT NULL,
    release_json  TEXT NOT NULL,
    filed         TEXT NOT NULL,
    start_unix    BIGINT NOT NULL,
    end_unix      BIGINT NOT NULL,
    doc           TEXT NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE INDEX monitoring_patrols_window ON monitoring_patrols (start_unix, end_unix);
CREATE TABLE monitoring_restrictions (
    id            TEXT PRIMARY KEY,
    patrol_id     TEXT NOT NULL, -- '' when it names no patrol
    party         TEXT NOT NULL,
    author        TEXT NOT NULL,
    tlp           TEXT NOT NULL,
    audience      TEXT NOT NULL,
    release_json  TEXT NOT NULL,
    recorded      TEXT NOT NULL,
    at_unix       BIGINT NOT NULL,
    doc           TEXT NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE INDEX monitoring_restrictions_patrol ON monitoring_restrictions (patrol_id);
CREATE INDEX monitoring_restrictions_time ON monitoring_restrictions (at_unix);
