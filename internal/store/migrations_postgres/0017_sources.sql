-- PostgreSQL counterpart of migrations/0017_sources.sql: INTEGER is BIGINT; otherwise identical.
-- Projections of the open-source entries (source.*, draft.*, feed.*),
-- rebuilt by replay. doc holds the payload that created the row as JSON.
CREATE TABLE sources (
    id           TEXT PRIMARY KEY,
    party        TEXT NOT NULL,
    author       TEXT NOT NULL,
    tlp          TEXT NOT NULL,
    audience     TEXT NOT NULL,
    release_json TEXT NOT NULL,
    submitted    TEXT NOT NULL,
    url          TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    doc          TEXT NOT NULL,
    seq          BIGINT NOT NULL
);
CREATE INDEX sources_party_url ON sources (party, url);
CREATE INDEX sources_party_sha256 ON sources (party, sha256);
CREATE TABLE source_drafts (
    id            TEXT PRIMARY KEY,
    source_id     TEXT NOT NULL REFERENCES sources (id),
    party         TEXT NOT NULL,
    tlp           TEXT NOT NULL,
    audience      TEXT NOT NULL,
    release_json  TEXT NOT NULL,
    status        TEXT NOT NULL,
    incident_id   TEXT NOT NULL,
    decision_json TEXT NOT NULL,
    doc           TEXT NOT NULL,
    n             BIGINT NOT NULL,
    seq           BIGINT NOT NULL
);
CREATE INDEX source_drafts_queue ON source_drafts (status, n, id);
CREATE TABLE source_draft_duplicates (
    draft_id    TEXT NOT NULL REFERENCES source_drafts (id),
    incident_id TEXT NOT NULL,
    decision    TEXT NOT NULL,
    doc         TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (draft_id, incident_id)
);
CREATE TABLE source_feeds (
    id           TEXT PRIMARY KEY,
    party        TEXT NOT NULL,
    author       TEXT NOT NULL,
    tlp          TEXT NOT NULL,
    audience     TEXT NOT NULL,
    release_json TEXT NOT NULL,
    created      TEXT NOT NULL,
    doc          TEXT NOT NULL,
    last_polled  TEXT NOT NULL,
    last_error   TEXT NOT NULL,
    items        BIGINT NOT NULL,
    seq          BIGINT NOT NULL
);
