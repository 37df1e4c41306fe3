// Package backup copies a node's database to another database, of the same
// or the other engine (SQLite, PostgreSQL), by replaying its log, and
// verifies that a copy holds the same node as its source. It is what
// `truce migrate` runs; the SQL it needs is the store's ([store.DB]'s
// ScanEntryRange, CheckpointRows, InsertCheckpointRows, LocalTables,
// CopyTableRows, DumpTable), and the checks are the ledger's: every entry
// against its commitment, the tree (RFC 6962) recomputed from the entries,
// each signed checkpoint's root against the tree at its size.
package backup
