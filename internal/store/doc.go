// Package store implements the domains' storage interfaces on SQL databases:
// SQLite (embedded, the default, through the cgo-free modernc.org/sqlite)
// and PostgreSQL 15+ (through pgx's database/sql driver), with one code path
// and per-engine migrations (migrations/, migrations_postgres/). SQL is kept portable: $N placeholders, TEXT times in
// RFC 3339, no engine-specific upserts in projections.
//
// Tables are of two kinds. Projections (every table not prefixed log_ or
// local_) are derived from the log by projectors, one per entry kind, run in
// the same transaction that appends the entry; [DB.Rebuild] replays the log
// into them from scratch. local_ tables hold node-local state that is not
// part of the shared record: credentials, sessions and the read audit.
package store
