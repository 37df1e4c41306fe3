package accounts

import (
	"context"
	"time"

	"truce/internal/ledger"
)

// Store is what the access service needs from storage. Reads of projections
// take a ledger.Querier so that preconditions can run them inside the write
// transaction; pass nil to read outside one.
//
// Lookups return fault.ErrNotFound (possibly wrapped) when there is no such row.
type Store interface {
	Party(ctx context.Context, q ledger.Querier, id string) (*Party, error)
	Parties(ctx context.Context) ([]Party, error)
	User(ctx context.Context, q ledger.Querier, id string) (*User, error)
	UserByName(ctx context.Context, q ledger.Querier, username string) (*User, error)
	Users(ctx context.Context, party string) ([]User, error)
	Token(ctx context.Context, q ledger.Querier, id string) (*Token, error)
	TokensOfUser(ctx context.Context, userID string) ([]Token, error)

	// Node-local credentials, sessions and audit: not in the log.
	SetPassword(ctx context.Context, userID, hash string) error
	PasswordHash(ctx context.Context, userID string) (string, error)
	PutTokenSecret(ctx context.Context, tokenID, hash string) error
	// TokenBySecretHash returns the token whose secret hashes to hash.
	TokenBySecretHash(ctx context.Context, hash string) (*Token, error)
	CreateSession(ctx context.Context, hash, userID, csrf string, created, expires time.Time) error
	// Session returns the user id and CSRF token of a live session.
	Session(ctx context.Context, hash string, now time.Time) (userID, csrf string, err error)
	DeleteSession(ctx context.Context, hash string) error
	DeleteSessionsOfUser(ctx context.Context, userID string) error
	RecordReads(ctx context.Context, reads []ReadAudit) error
	// Reads returns audit records of the owner party's content with id below
	// before (0 for the newest), newest first.
	Reads(ctx context.Context, owner string, before int64, limit int) ([]ReadAudit, error)
	// ReadsOf is Reads narrowed to the records of one subject, named by
	// either of its two spellings (a record's id or its log subject).
	ReadsOf(ctx context.Context, owner, id, subject string, before int64, limit int) ([]ReadAudit, error)
}
