-- Projections of the access entries (rebuilt by replay) ...
CREATE TABLE parties (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    co_chair INTEGER NOT NULL,
    created  TEXT NOT NULL,
    seq      INTEGER NOT NULL
);
CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    party        TEXT NOT NULL REFERENCES parties (id),
    role         TEXT NOT NULL,
    display_name TEXT NOT NULL,
    disabled     INTEGER NOT NULL,
    created      TEXT NOT NULL,
    seq          INTEGER NOT NULL
);
CREATE TABLE tokens (
    id       TEXT PRIMARY KEY,
    user_id  TEXT NOT NULL REFERENCES users (id),
    name     TEXT NOT NULL,
    created  TEXT NOT NULL,
    expires  TEXT NOT NULL, -- "" for never
    revoked  TEXT NOT NULL, -- "" while valid
    seq      INTEGER NOT NULL
);

-- ... and node-local state that is not part of the shared record and not
-- rebuilt by replay: credentials, sessions, the read audit. Secrets are
-- stored hashed; none of this is in the log.
CREATE TABLE local_passwords (
    user_id TEXT PRIMARY KEY,
    hash    TEXT NOT NULL
);
CREATE TABLE local_token_secrets (
    token_id TEXT PRIMARY KEY,
    hash     TEXT NOT NULL UNIQUE
);
CREATE TABLE local_sessions (
    hash    TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf    TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE local_read_audit (
    id          INTEGER PRIMARY KEY,
    time        TEXT NOT NULL,
    reader      TEXT NOT NULL,
    reader_party TEXT NOT NULL,
    owner_party TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    tlp         TEXT NOT NULL,
    path        TEXT NOT NULL
);
CREATE INDEX local_read_audit_owner ON local_read_audit (owner_party, id);
