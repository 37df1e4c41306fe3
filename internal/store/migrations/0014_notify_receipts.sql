-- Notification is not permission (issue 15): a notified party records that
-- it passed a version on to its command (the last record per party and
-- version shows here), and raises queries about the data that the notifier
-- answers. Legacy *.refused entries replay as queries (legacy = 1).
ALTER TABLE notify_acks ADD COLUMN onward_level TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_acks ADD COLUMN onward_at TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_acks ADD COLUMN onward_author TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_acks ADD COLUMN onward_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE notify_queries (
    seq            INTEGER PRIMARY KEY, -- the entry that raised the query
    notice_id      TEXT NOT NULL REFERENCES notify_notices (id),
    party          TEXT NOT NULL,
    author         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    text           TEXT NOT NULL,
    raised         TEXT NOT NULL,
    answer         TEXT NOT NULL,
    answered       TEXT NOT NULL,
    answer_author  TEXT NOT NULL,
    answer_seq     INTEGER NOT NULL,
    legacy         INTEGER NOT NULL
);
CREATE INDEX notify_queries_notice ON notify_queries (notice_id, seq);

-- The quality checks rebuild their index of active sites when the last
-- entry that changed any notice moves: max(seq) through this index.
CREATE INDEX notify_notices_seq ON notify_notices (seq);

-- Validity: when the notification lapses unless its notifier reconfirms it
-- ('' for notices of earlier versions: never).
ALTER TABLE notify_notices ADD COLUMN valid_until TEXT NOT NULL DEFAULT '';

-- Withdrawal acknowledged like a notification: 1 on a receipt row owed for
-- the notice's withdrawal (a cancellation that asked for receipts).
ALTER TABLE notify_acks ADD COLUMN withdrawal INTEGER NOT NULL DEFAULT 0;
