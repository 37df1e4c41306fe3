// Package accounts manages the centre's parties, users, API tokens and
// browser sessions, and records reads of sensitive content.
//
// Facts shared by all parties (a party joined, a user was created with a
// role, a token was issued or revoked) are log entries. Secrets (password
// hashes, token hashes, sessions) are node-local state, stored hashed and
// never logged: a log entry cannot be deleted, and a credential must be
// replaceable.
package accounts
