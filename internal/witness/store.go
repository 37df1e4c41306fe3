package witness

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"
	_ "modernc.org/sqlite" // SQLite driver "sqlite".
)

// emptyRoot is the RFC 6962 root hash of the empty tree, SHA-256 of "".
var emptyRoot = tlog.Hash(sha256.Sum256(nil))

// schema is the witness's state. A row of logs is never deleted: dropping a
// log's state and re-adding the log would let the witness cosign a split
// view. rejections keeps log-signed checkpoints that failed a consistency
// check, as evidence of log misbehaviour.
const schema = `
CREATE TABLE IF NOT EXISTS logs (
	origin      TEXT PRIMARY KEY,
	keys        TEXT NOT NULL,    -- configured note vkeys, one per line
	tree_size   INTEGER NOT NULL CHECK (tree_size >= 0),
	root_hash   TEXT NOT NULL,    -- base64
	checkpoint  BLOB,             -- latest cosigned note, with our cosignature
	updated_at  INTEGER NOT NULL  -- unix seconds
) STRICT;
CREATE TABLE IF NOT EXISTS rejections (
	id          INTEGER PRIMARY KEY,
	origin      TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	reason      TEXT NOT NULL,
	request     BLOB NOT NULL
) STRICT;
`

// LogState is what a witness records for one log.
type LogState struct {
	// Origin is the log's origin line.
	Origin string
	// Keys are the log's note vkeys last configured.
	Keys []string
	// Size and Root are those of the latest checkpoint cosigned; Size is 0
	// and Root the empty tree's before the first.
	Size int64
	Root tlog.Hash
	// Checkpoint is the latest cosigned note, with the witness's
	// cosignature appended, or nil before the first.
	Checkpoint []byte
	// UpdatedAt is when the state last changed.
	UpdatedAt time.Time
}

// store is the SQLite state of a witness.
type store struct {
	db *sql.DB
}

// openStore opens (creating if needed) the SQLite file at path in WAL mode
// with synchronous=FULL, so a committed transaction survives power loss,
// and with every transaction taking the write lock at BEGIN (IMMEDIATE), so
// a read-check-write transaction is atomic even across processes.
func openStore(ctx context.Context, path string) (*store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("witness: database path %q is empty or contains '?' or '#'", path)
	}
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)" +
		"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("witness: open database: %w", err)
	}
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("witness: create schema: %w", err)
	}
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		db.Close()
		return nil, fmt.Errorf("witness: database not in WAL mode (%q): %v", mode, err)
	}
	return &store{db: db}, nil
}

func (s *store) close() error { return s.db.Close() }

// syncLogs records the configured logs: a new origin starts at size 0 with
// the empty tree's root; an existing one keeps its size and root and gets
// the configured keys.
func (s *store) syncLogs(ctx context.Context, logs []Log, now time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("witness: sync logs: %w", err)
	}
	defer tx.Rollback()
	for _, l := range logs {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO logs (origin, keys, tree_size, root_hash, updated_at)
			VALUES (?, ?, 0, ?, ?)
			ON CONFLICT (origin) DO UPDATE SET keys = excluded.keys`,
			l.Origin, strings.Join(l.Keys, "\n"), emptyRoot.String(), now.Unix())
		if err != nil {
			return fmt.Errorf("witness: sync log %s: %w", l.Origin, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("witness: sync logs: %w", err)
	}
	return nil
}

// update runs next on the current state of origin inside one write
// transaction and stores the state it returns, committing durably before it
// returns nil. If next returns an error, nothing changes and update returns
// that error. It returns an error wrapping ErrUnknownLog if origin has no
// row.
func (s *store) update(ctx context.Context, origin string, next func(cur LogState) (LogState, error)) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("witness: begin: %w", err)
	}
	defer tx.Rollback()
	cur, err := scanState(tx.QueryRowContext(ctx, selectState+" WHERE origin = ?", origin))
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("witness: %w: %s", ErrUnknownLog, origin)
	}
	if err != nil {
		return fmt.Errorf("witness: read state of %s: %w", origin, err)
	}
	st, err := next(cur)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		UPDATE logs SET tree_size = ?, root_hash = ?, checkpoint = ?, updated_at = ?
		WHERE origin = ?`,
		st.Size, st.Root.String(), st.Checkpoint, st.UpdatedAt.Unix(), origin)
	if err != nil {
		return fmt.Errorf("witness: write state of %s: %w", origin, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("witness: commit state of %s: %w", origin, err)
	}
	return nil
}

// recordRejection stores a log-signed request that failed a consistency
// check.
func (s *store) recordRejection(ctx context.Context, origin, reason string, request []byte, now time.Time) error {
	_, err := s.db.ExecContext(ctx,
		"INSERT INTO rejections (origin, received_at, reason, request) VALUES (?, ?, ?, ?)",
		origin, now.Unix(), reason, request)
	if err != nil {
		return fmt.Errorf("witness: record rejection for %s: %w", origin, err)
	}
	return nil
}

// rejectionCount returns how many rejections are recorded for origin.
func (s *store) rejectionCount(ctx context.Context, origin string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM rejections WHERE origin = ?", origin).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("witness: count rejections for %s: %w", origin, err)
	}
	return n, nil
}

// state returns the state of origin, or an error wrapping ErrUnknownLog.
func (s *store) state(ctx context.Context, origin string) (LogState, error) {
	st, err := scanState(s.db.QueryRowContext(ctx, selectState+" WHERE origin = ?", origin))
	if errors.Is(err, sql.ErrNoRows) {
		return LogState{}, fmt.Errorf("witness: %w: %s", ErrUnknownLog, origin)
	}
	if err != nil {
		return LogState{}, fmt.Errorf("witness: read state of %s: %w", origin, err)
	}
	return st, nil
}

// states returns the state of every log ever recorded, by origin.
func (s *store) states(ctx context.Context) ([]LogState, error) {
	rows, err := s.db.QueryContext(ctx, selectState+" ORDER BY origin")
	if err != nil {
		return nil, fmt.Errorf("witness: list states: %w", err)
	}
	defer rows.Close()
	var out []LogState
	for rows.Next() {
		st, err := scanState(rows)
		if err != nil {
			return nil, fmt.Errorf("witness: list states: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("witness: list states: %w", err)
	}
	return out, nil
}

const selectState = "SELECT origin, keys, tree_size, root_hash, checkpoint, updated_at FROM logs"

func scanState(row interface{ Scan(...any) error }) (LogState, error) {
	var (
		st      LogState
		keys    string
		root    string
		updated int64
	)
	if err := row.Scan(&st.Origin, &keys, &st.Size, &root, &st.Checkpoint, &updated); err != nil {
		return LogState{}, err
	}
	h, err := tlog.ParseHash(root)
	if err != nil {
		return LogState{}, fmt.Errorf("stored root of %s: %w", st.Origin, err)
	}
	st.Root = h
	if keys != "" {
		st.Keys = strings.Split(keys, "\n")
	}
	st.UpdatedAt = time.Unix(updated, 0).UTC()
	return st, nil
}
