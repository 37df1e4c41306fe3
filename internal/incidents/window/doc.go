// Package window is the in-memory spatio-temporal index of the incident
// listing: it answers a window query (a brief listing narrowed by a bbox
// and/or a time window) without touching the database.
//
// A Grid holds, per incident, the brief listing row in a compact form (no
// pointers, so that the garbage collector never scans the rows; strings of
// few values interned, the others in an append-only arena), filed in a grid
// of indexCellDeg° × indexCellDeg° cells × one-week buckets. Visibility is
// decided by access.Releasability.VisibleTo on each interned releasability,
// never by a copy of its rules.
//
// The package holds no SQL and no I/O: the authoritative rows stay in the
// store, which loads a Grid from its incidents table, keeps it in step with
// the committed log and guards it with a lock (a Grid is not safe for
// concurrent use). A query the grid declines (Search's ok false) is answered
// by the store's SQL.
package window
