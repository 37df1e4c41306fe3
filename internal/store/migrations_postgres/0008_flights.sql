-- PostgreSQL counterpart of migrations/0008_flights.sql: INTEGER is BIGINT (SQLite's is
-- 64-bit); otherwise identical.
-- Projections of the deconfliction entries (flightplan.*, reservation.*,
-- conflict.*), rebuilt by replay. doc holds the record as JSON (package
-- flights' Plan, Reservation or Conflict); the columns beside it are what
-- reads filter and order on. Live tracks are not here: they are in-memory
-- state of the node (see internal/flights).
CREATE TABLE flight_plans (
    id           TEXT PRIMARY KEY,
    party        TEXT NOT NULL,
    status       TEXT NOT NULL, -- filed or cancelled (active/completed are computed at read time)
    version      BIGINT NOT NULL,
    release_json TEXT NOT NULL,
    doc          TEXT NOT NULL,
    first_seq    BIGINT NOT NULL,
    seq          BIGINT NOT NULL
);

CREATE TABLE flight_reservations (
    id           TEXT PRIMARY KEY,
    party        TEXT NOT NULL,
    status       TEXT NOT NULL, -- active or cancelled
    release_json TEXT NOT NULL,
    doc          TEXT NOT NULL,
    first_seq    BIGINT NOT NULL,
    seq          BIGINT NOT NULL
);

CREATE TABLE flight_conflicts (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL, -- open or cleared
    cleared_unix BIGINT NOT NULL, -- 0 while open
    release_json TEXT NOT NULL,
    doc          TEXT NOT NULL,
    seq          BIGINT NOT NULL
);
CREATE INDEX flight_conflicts_recent ON flight_conflicts (status, cleared_unix);
