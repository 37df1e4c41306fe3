package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"truce/internal/fault"
	"truce/internal/federation/mirror"
)

// SaveEvidence implements mirror.Store: the record is kept as JSON, the
// signed notes and bytes with it.
func (s mirrorStore) SaveEvidence(ctx context.Context, ev *mirror.Evidence) error {
	rec, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("store: evidence %s: encode: %w", ev.ID, err)
	}
	_, err = s.d.SQL.ExecContext(ctx, `INSERT INTO local_federation_evidence (id, origin, kind, time, record) VALUES ($1, $2, $3, $4, $5)`,
		ev.ID, ev.Origin, string(ev.Kind), ev.Time.UTC().Format(time.RFC3339Nano), rec)
	if err != nil {
		return fmt.Errorf("store: evidence %s: %w", ev.ID, err)
	}
	return nil
}

// Evidence implements mirror.Store.
func (s mirrorStore) Evidence(ctx context.Context, id string) (*mirror.Evidence, error) {
	var rec []byte
	var cleared sql.NullString
	err := s.d.SQL.QueryRowContext(ctx, `SELECT record, cleared FROM local_federation_evidence WHERE id = $1`, id).Scan(&rec, &cleared)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("store: evidence %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: evidence %s: %w", id, err)
	}
	var ev mirror.Evidence
	if err := json.Unmarshal(rec, &ev); err != nil {
		return nil, fmt.Errorf("store: evidence %s: decode: %w", id, err)
	}
	if cleared.Valid {
		ev.Cleared, _ = time.Parse(time.RFC3339Nano, cleared.String)
	}
	return &ev, nil
}

// ClearEvidence implements mirror.Store.
func (s mirrorStore) ClearEvidence(ctx context.Context, id string, t time.Time) error {
	res, err := s.d.SQL.ExecContext(ctx, `UPDATE local_federation_evidence SET cleared = $2 WHERE id = $1 AND cleared IS NULL`, id, t.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("store: clear evidence %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Evidence(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
