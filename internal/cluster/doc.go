// Package cluster holds the end-to-end tests of several truce processes
// serving one node from one PostgreSQL database: the real binary, built by
// the test, with concurrent writes through every process and one process
// killed (SIGKILL) under load. The coordination itself lives in
// follow.Follower; this package has no code of its own.
//
// The tests run when TRUCE_TEST_POSTGRES holds a DSN (scripts/postgres.sh
// starts a throw-away server and prints one) and are skipped otherwise.
package cluster
