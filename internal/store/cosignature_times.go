package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"truce/internal/fault"
	"truce/internal/federation/timeliness"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// cosignedLayout is how cosigned_at is stored: whole seconds in UTC, so
// that the text sorts as the time does.
const cosignedLayout = "2006-01-02T15:04:05Z"

// nearCheckpoints bounds how many cosignatures next to an index a lookup
// reads: those of the few checkpoints closest to it, where the earliest
// cosignature holding it (or the latest not holding it) is, since a
// witness cosigns an origin's trees in growing order and at growing times.
const nearCheckpoints = 64

// execer is what recordCosignatures writes through: a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// recordCosignatures keeps, for each of cs (verified cosignatures of the
// checkpoint note of origin's tree of size), the witness's earliest
// timestamp for that tree, with the note that carries it.
func recordCosignatures(ctx context.Context, tx execer, origin string, size int64, note []byte, cs []witness.Cosignature) error {
	for _, c := range cs {
		_, err := tx.ExecContext(ctx, `INSERT INTO local_cosignature_times (origin, tree_size, witness, cosigned_at, note)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (origin, tree_size, witness) DO UPDATE SET cosigned_at = excluded.cosigned_at, note = excluded.note
			WHERE excluded.cosigned_at < local_cosignature_times.cosigned_at`,
			origin, size, c.Signature.Name, c.Time.UTC().Format(cosignedLayout), note)
		if err != nil {
			return fmt.Errorf("store: cosignature time of %s at %d by %s: %w", origin, size, c.Signature.Name, err)
		}
	}
	return nil
}

// ownCosignatures returns the cosignature/v1 lines among sc's cosignature
// lines, decoded. The checkpointer stores only lines its witness clients
// verified; a line that is not a cosignature/v1 one carries no time and is
// left out.
func ownCosignatures(sc *ledger.SignedCheckpoint) []witness.Cosignature {
	var out []witness.Cosignature
	for _, l := range sc.Cosignatures {
		if c, err := witness.ParseCosignatureLine(l); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// Cosignature is a kept cosignature time with the checkpoint note that
// carries it (its evidence).
type Cosignature struct {
	timeliness.Cosigned
	Note []byte
}

// CoveringCosignature returns the earliest kept cosignature of a
// checkpoint of origin holding entry index (tree size > index), or nil if
// none is kept yet.
func (d *DB) CoveringCosignature(ctx context.Context, origin string, index int64) (*Cosignature, error) {
	return d.nearCosignature(ctx, origin, index, `tree_size > $2 ORDER BY tree_size, cosigned_at`, func(a, b time.Time) bool { return a.Before(b) })
}

// PriorCosignature returns the latest of the kept cosignatures of the
// checkpoints of origin not yet holding entry index (tree size <= index)
// closest to it, or nil if none is kept.
func (d *DB) PriorCosignature(ctx context.Context, origin string, index int64) (*Cosignature, error) {
	return d.nearCosignature(ctx, origin, index, `tree_size <= $2 ORDER BY tree_size DESC, cosigned_at DESC`, func(a, b time.Time) bool { return a.After(b) })
}

func (d *DB) nearCosignature(ctx context.Context, origin string, index int64, where string, better func(a, b time.Time) bool) (*Cosignature, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT tree_size, witness, cosigned_at, note FROM local_cosignature_times
		WHERE origin = $1 AND `+where+fmt.Sprintf(` LIMIT %d`, nearCheckpoints), origin, index)
	if err != nil {
		return nil, fmt.Errorf("store: cosignatures of %s near %d: %w", origin, index, err)
	}
	defer rows.Close()
	var best *Cosignature
	for rows.Next() {
		c := &Cosignature{Cosigned: timeliness.Cosigned{Origin: origin}}
		var at string
		if err := rows.Scan(&c.TreeSize, &c.Witness, &at, &c.Note); err != nil {
			return nil, fmt.Errorf("store: cosignatures of %s near %d: %w", origin, index, err)
		}
		if c.At, err = time.Parse(cosignedLayout, at); err != nil {
			return nil, fmt.Errorf("store: cosignature of %s at %d: %w", origin, c.TreeSize, err)
		}
		if best == nil || better(c.At, best.At) {
			best = c
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: cosignatures of %s near %d: %w", origin, index, err)
	}
	return best, nil
}

// EntryPlace returns where the entry at pos of this node's timeline is
// logged: ("", pos) for an own entry (pos below MirrorBase), else the
// origin and index of the mirrored entry applied at pos. It returns an
// error wrapping fault.ErrNotFound if no mirrored entry was applied there.
func (d *DB) EntryPlace(ctx context.Context, pos int64) (origin string, index int64, err error) {
	if pos < MirrorBase {
		return "", pos, nil
	}
	err = d.SQL.QueryRowContext(ctx, `SELECT origin, seq FROM local_mirror_applied WHERE pos = $1`, pos).Scan(&origin, &index)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, fmt.Errorf("store: timeline position %d: %w", pos, fault.ErrNotFound)
	}
	if err != nil {
		return "", 0, fmt.Errorf("store: timeline position %d: %w", pos, err)
	}
	return origin, index, nil
}
