-- PostgreSQL counterpart of migrations/0011_membership.sql.
-- Membership of the centre changes by co-chair agreement (package
-- membership): a party can retire, and proposals with their agreements are
-- projections of membership.* entries (rebuilt by replay).
ALTER TABLE parties ADD COLUMN retired TEXT NOT NULL DEFAULT ''; -- "" while a member
CREATE TABLE membership_proposals (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    party          TEXT NOT NULL,
    spec           TEXT NOT NULL, -- the proposal's spec as JSON
    proposer_party TEXT NOT NULL,
    author         TEXT NOT NULL,
    proposed_at    TEXT NOT NULL,
    required       TEXT NOT NULL, -- JSON array of the co-chairs at the time
    status         TEXT NOT NULL, -- pending, in_force, withdrawn
    in_force_at    TEXT NOT NULL, -- "" while pending
    first_seq      BIGINT NOT NULL,
    seq            BIGINT NOT NULL
);
CREATE INDEX membership_proposals_party ON membership_proposals (party, status);
CREATE TABLE membership_agreements (
    proposal_id TEXT NOT NULL REFERENCES membership_proposals (id),
    party       TEXT NOT NULL,
    author      TEXT NOT NULL,
    time        TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, party)
);
