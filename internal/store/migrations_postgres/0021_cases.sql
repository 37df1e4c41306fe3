-- PostgreSQL counterpart of migrations/0021_cases.sql: INTEGER is BIGINT;
-- otherwise identical.
-- Projections of the case entries (case.*), rebuilt by replay: the
-- follow-up case of an incident at a notified site or movement or at a
-- known site, and the known sites imported from facility lists. doc holds
-- the case as package cases folds it (requests, answers, measures,
-- outcome); parties lists the parties asked for information, as
-- ",a,b,", for the party filter.
CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    case_key      TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL,
    tlp           TEXT NOT NULL,
    audience      TEXT NOT NULL,
    parties       TEXT NOT NULL,
    doc           TEXT NOT NULL,
    first_seq     BIGINT NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE INDEX cases_listing ON cases (first_seq, id);
CREATE INDEX cases_status ON cases (status);
CREATE TABLE known_sites (
    id            TEXT PRIMARY KEY,
    import_id     TEXT NOT NULL,
    party         TEXT NOT NULL,
    author        TEXT NOT NULL,
    tlp           TEXT NOT NULL,
    audience      TEXT NOT NULL,
    release_json  TEXT NOT NULL,
    imported      TEXT NOT NULL,
    doc           TEXT NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE INDEX known_sites_listing ON known_sites (seq, id);
