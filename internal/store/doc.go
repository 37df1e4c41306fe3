// Package store implements the domains' storage interfaces on SQL databases:
// SQLite (embedded, the default, through the cgo-free modernc.org/sqlite)
// and PostgreSQL 15+ (through pgx's database/sql driver), with one code path
// and per-engine migrations (migrations/, migrations_postgres/). SQL is kept portable: $N placeholders, TEXT times in
// RFC 3339, no engine-specific upserts in projections.
//
// Tables are of two kinds. Projections (the tables ProjectionTables
// names) are derived from the log by projectors, run in the same
// transaction that appends the entry; [DB.Rebuild] replays the log into them
// from scratch. One table in projections.go names, for each domain in the
// order of the schema, the tables it projects and what each of its entry
// kinds does: a projector, or a reason to keep the kind in the log only;
// each domain's projectors live in <domain>_projections.go. local_ tables
// hold node-local state that is not part of the shared record: credentials,
// sessions and the read audit. The rest are the log's own tables (log_),
// the record of applied migrations, and indexes kept by the projections'
// triggers or the zone attribution (the search indexes, zone_generation);
// TestSchemaTablesClassified keeps this list whole.
package store
