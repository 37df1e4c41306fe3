// Package split turns a hosted centre (one node holding every party's
// log) into a federation of party nodes ('truce federation split').
//
// For each party given an origin it creates a party node (as 'truce init
// --federated' does: log key, witness key, TLS identity) and writes into
// that node's new log the party's statements of the hosted period, each
// citing its original hosted entry by (origin, index, leaf hash) in the
// payload's "cites" field (internal/federation/cite). The hosted log is
// kept unchanged: every new node holds it as a read-only archived origin
// (store.DB.ArchiveLog) — all its commitments, the contents releasable to
// the node's party, and its last signed checkpoint — so that each
// citation is checked when it is written and can be proved to anyone
// with GET /api/v1/federation/entries/{seq}?origin=HOSTED. The first
// entry of every new log (kind federation.split) names that checkpoint.
//
// Which hosted entry goes where is decided by [Classify], a pure function
// of the hosted log: node administration (parties, users, tokens, roster,
// membership) stays in the hosted history; a party's statement about a
// record first logged by that party is restated with its kind, subject,
// releasability and payload (so the new node projects it); a statement
// about a record another party logged first is carried as a
// history.carried entry, which cites the original and holds it, but is not
// projected (its record is held by another node).
package split
