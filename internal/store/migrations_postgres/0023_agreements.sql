-- PostgreSQL counterpart of migrations/0023_agreements.sql: INTEGER is BIGINT; otherwise identical.
-- Projections of the agreements domain (agreement.*, passage.*), rebuilt
-- by replay: one row per agreement or passage, doc the record folded from
-- its entries by agreements.Fold.
CREATE TABLE agreement_records (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    party        TEXT NOT NULL,
    tlp          TEXT NOT NULL,
    audience     TEXT NOT NULL,
    release_json TEXT NOT NULL,
    created      TEXT NOT NULL,
    doc          TEXT NOT NULL,
    seq          BIGINT NOT NULL
);
CREATE INDEX agreement_records_kind ON agreement_records (kind, id);
