-- Node-local state, not part of the shared record and not rebuilt by
-- replay (issue 18): how far the breach recorder has judged this node's
-- timelines. 'own' holds the own log's sequence number up to which every
-- incident and agreed version was judged against the obligations (and its
-- breaches are in the log); 'mirror' the local timeline position
-- (store.MirrorBase + k) up to which every mirrored incident was. The
-- catch-up at start judges only what comes after them.
CREATE TABLE local_breach_marks (
    timeline TEXT    PRIMARY KEY,
    seq      BIGINT  NOT NULL
);
