package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Access returns the accounts.Store over d.
func (d *DB) Access() accounts.Store { return accessStore{d} }

type accessStore struct{ d *DB }

func (s accessStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

func accessErr(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, fault.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

const partyCols = `id, name, kind, co_chair, created, retired`

func scanParty(sc interface{ Scan(...any) error }) (*accounts.Party, error) {
	var p accounts.Party
	err := sc.Scan(&p.ID, &p.Name, &p.Kind, &p.CoChair, &p.Created, &p.Retired)
	return &p, err
}

func (s accessStore) Party(ctx context.Context, q ledger.Querier, id string) (*accounts.Party, error) {
	p, err := scanParty(s.q(q).QueryRowContext(ctx, `SELECT `+partyCols+` FROM parties WHERE id = $1`, id))
	if err != nil {
		return nil, accessErr("party "+id, err)
	}
	return p, nil
}

// Parties returns every party, ordered by id, from the read cache when it
// can (read_cache.go); the caller gets its own slice.
func (s accessStore) Parties(ctx context.Context) ([]accounts.Party, error) {
	ps, err := cachedList(ctx, s.d, "parties", func(ctx context.Context) ([]accounts.Party, error) {
		return queryAll(ctx, s.d.SQL, scanParty, `SELECT `+partyCols+` FROM parties ORDER BY id`)
	})
	return slices.Clone(ps), err
}

const userCols = `id, username, party, role, display_name, disabled, created`

func scanUser(sc interface{ Scan(...any) error }) (*accounts.User, error) {
	var u accounts.User
	err := sc.Scan(&u.ID, &u.Username, &u.Party, &u.Role, &u.DisplayName, &u.Disabled, &u.Created)
	return &u, err
}

func (s accessStore) User(ctx context.Context, q ledger.Querier, id string) (*accounts.User, error) {
	u, err := scanUser(s.q(q).QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, accessErr("user "+id, err)
	}
	return u, nil
}

func (s accessStore) UserByName(ctx context.Context, q ledger.Querier, username string) (*accounts.User, error) {
	u, err := scanUser(s.q(q).QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = $1`, username))
	if err != nil {
		return nil, accessErr("user "+username, err)
	}
	return u, nil
}

func (s accessStore) Users(ctx context.Context, party string) ([]accounts.User, error) {
	return queryAll(ctx, s.d.SQL, scanUser, `SELECT `+userCols+` FROM users WHERE party = $1 ORDER BY username`, party)
}

const tokenCols = `id, user_id, name, created, expires, revoked, scope`

func scanToken(sc interface{ Scan(...any) error }) (*accounts.Token, error) {
	var t accounts.Token
	err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Created, &t.Expires, &t.Revoked, &t.Scope)
	return &t, err
}

func (s accessStore) Token(ctx context.Context, q ledger.Querier, id string) (*accounts.Token, error) {
	t, err := scanToken(s.q(q).QueryRowContext(ctx, `SELECT `+tokenCols+` FROM tokens WHERE id = $1`, id))
	if err != nil {
		return nil, accessErr("token "+id, err)
	}
	return t, nil
}

func (s accessStore) TokensOfUser(ctx context.Context, userID string) ([]accounts.Token, error) {
	return queryAll(ctx, s.d.SQL, scanToken, `SELECT `+tokenCols+` FROM tokens WHERE user_id = $1 ORDER BY created`, userID)
}

func (s accessStore) SetPassword(ctx context.Context, userID, hash string) error {
	_, err := s.d.SQL.ExecContext(ctx, `INSERT INTO local_passwords (user_id, hash) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash`, userID, hash)
	return accessErr("set password", err)
}

func (s accessStore) PasswordHash(ctx context.Context, userID string) (string, error) {
	var h string
	err := s.d.SQL.QueryRowContext(ctx, `SELECT hash FROM local_passwords WHERE user_id = $1`, userID).Scan(&h)
	return h, accessErr("password", err)
}

func (s accessStore) PutTokenSecret(ctx context.Context, tokenID, hash string) error {
	_, err := s.d.SQL.ExecContext(ctx, `INSERT INTO local_token_secrets (token_id, hash) VALUES ($1, $2)`, tokenID, hash)
	return accessErr("token secret", err)
}

func (s accessStore) TokenBySecretHash(ctx context.Context, hash string) (*accounts.Token, error) {
	t, err := scanToken(s.d.SQL.QueryRowContext(ctx, `SELECT t.id, t.user_id, t.name, t.created, t.expires, t.revoked, t.scope
		FROM local_token_secrets s JOIN tokens t ON t.id = s.token_id WHERE s.hash = $1`, hash))
	if err != nil {
		return nil, accessErr("token", err)
	}
	return t, nil
}

func (s accessStore) CreateSession(ctx context.Context, hash, userID, csrf string, created, expires time.Time) error {
	_, err := s.d.SQL.ExecContext(ctx, `INSERT INTO local_sessions (hash, user_id, csrf, created, expires) VALUES ($1, $2, $3, $4, $5)`,
		hash, userID, csrf, created.UTC().Format(time.RFC3339Nano), expires.UTC().Format(time.RFC3339Nano))
	return accessErr("create session", err)
}

func (s accessStore) Session(ctx context.Context, hash string, now time.Time) (string, string, error) {
	var userID, csrf, expires string
	err := s.d.SQL.QueryRowContext(ctx, `SELECT user_id, csrf, expires FROM local_sessions WHERE hash = $1`, hash).Scan(&userID, &csrf, &expires)
	if err != nil {
		return "", "", accessErr("session", err)
	}
	if exp, _ := time.Parse(time.RFC3339Nano, expires); !now.Before(exp) {
		return "", "", fmt.Errorf("session expired: %w", fault.ErrNotFound)
	}
	return userID, csrf, nil
}

func (s accessStore) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.d.SQL.ExecContext(ctx, `DELETE FROM local_sessions WHERE hash = $1`, hash)
	return accessErr("delete session", err)
}

func (s accessStore) DeleteSessionsOfUser(ctx context.Context, userID string) error {
	_, err := s.d.SQL.ExecContext(ctx, `DELETE FROM local_sessions WHERE user_id = $1`, userID)
	return accessErr("delete sessions", err)
}

func (s accessStore) RecordReads(ctx context.Context, reads []accounts.ReadAudit) error {
	tx, err := s.d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return accessErr("read audit", err)
	}
	defer tx.Rollback()
	// Prepared once per flush: a busy node audits thousands of reads a
	// second, written in one transaction every 200 ms.
	query := `INSERT INTO local_read_audit (time, reader, reader_party, owner_party, kind, subject, tlp, path)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	if s.d.Engine != Postgres {
		query = `INSERT INTO local_read_audit (time, reader, reader_party, owner_party, kind, subject, tlp, path)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return accessErr("read audit", err)
	}
	for _, r := range reads {
		if _, err := st.ExecContext(ctx, r.Time, r.Reader, r.ReaderParty, r.OwnerParty, r.Kind, r.Subject, string(r.TLP), r.Path); err != nil {
			return accessErr("read audit", err)
		}
	}
	return accessErr("read audit", tx.Commit())
}

func (s accessStore) Reads(ctx context.Context, owner string, before int64, limit int) ([]accounts.ReadAudit, error) {
	if before <= 0 {
		before = 1 << 62
	}
	return queryAll(ctx, s.d.SQL, scanReadAudit, `SELECT id, time, reader, reader_party, owner_party, kind, subject, tlp, path FROM local_read_audit
		WHERE owner_party = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, owner, before, limit)
}

func (s accessStore) ReadsOf(ctx context.Context, owner, id, subject string, before int64, limit int) ([]accounts.ReadAudit, error) {
	if before <= 0 {
		before = 1 << 62
	}
	return queryAll(ctx, s.d.SQL, scanReadAudit, `SELECT id, time, reader, reader_party, owner_party, kind, subject, tlp, path
		FROM local_read_audit WHERE owner_party = $1 AND subject IN ($2, $3) AND id < $4 ORDER BY id DESC LIMIT $5`,
		owner, id, subject, before, limit)
}

// scanReadAudit scans a row of local_read_audit in the column order of
// Reads.
func scanReadAudit(sc interface{ Scan(...any) error }) (*accounts.ReadAudit, error) {
	var r accounts.ReadAudit
	err := sc.Scan(&r.ID, &r.Time, &r.Reader, &r.ReaderParty, &r.OwnerParty, &r.Kind, &r.Subject, &r.TLP, &r.Path)
	return &r, err
}

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, q ledger.Querier, scan func(interface{ Scan(...any) error }) (*T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}
