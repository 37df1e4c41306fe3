package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/federation/cite"
)

// Places of jointly computed records on this node's timeline.
//
// A record computed from the entries of several logs (notify.Fold over
// JointHistory) names each entry by its origin and its index there; this
// node's routes and projections know an entry by its timeline place: an
// own entry by its index, a mirrored one by the position it was applied at
// (MirrorBase + k, local_mirror_applied).

// TimelinePlaces returns the timeline place of each entry about subject
// d holds: a function of (origin, index) that answers the index itself for
// an entry of d's own log (origin the one CiteAs set) and the applied
// position for a mirrored one, false for an entry never applied here.
func (d *DB) TimelinePlaces(ctx context.Context, subject string) (func(origin string, index int64) (int64, bool), error) {
	type place struct {
		origin string
		index  int64
	}
	rows, err := d.SQL.QueryContext(ctx, `SELECT pos, origin, seq FROM local_mirror_applied WHERE subject = $1`, subject)
	if err != nil {
		return nil, fmt.Errorf("store: timeline places of %s: %w", subject, err)
	}
	defer rows.Close()
	at := map[place]int64{}
	for rows.Next() {
		var pos int64
		var p place
		if err := rows.Scan(&pos, &p.origin, &p.index); err != nil {
			return nil, fmt.Errorf("store: timeline places of %s: %w", subject, err)
		}
		at[p] = pos
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: timeline places of %s: %w", subject, err)
	}
	self := d.ownOrigin()
	return func(origin string, index int64) (int64, bool) {
		if origin == self && index < MirrorBase {
			return index, true
		}
		pos, ok := at[place{origin, index}]
		return pos, ok
	}, nil
}

// TimelineCitation returns the citation of the mirrored entry applied at
// timeline place pos (its origin, index and leaf hash). It returns an
// error wrapping fault.ErrNotFound for an own place (below MirrorBase) or
// one where nothing was applied.
func (d *DB) TimelineCitation(ctx context.Context, pos int64) (cite.Citation, error) {
	if pos < MirrorBase {
		return cite.Citation{}, fmt.Errorf("store: citation of timeline place %d: an own entry: %w", pos, fault.ErrNotFound)
	}
	origin, index, err := d.EntryPlace(ctx, pos)
	if err != nil {
		return cite.Citation{}, err
	}
	var c []byte
	err = d.SQL.QueryRowContext(ctx, `SELECT commitment FROM local_mirror_entries WHERE origin = $1 AND seq = $2`, origin, index).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && len(c) != tlog.HashSize) {
		return cite.Citation{}, fmt.Errorf("store: citation of %s#%d: %w", origin, index, fault.ErrNotFound)
	}
	if err != nil {
		return cite.Citation{}, fmt.Errorf("store: citation of %s#%d: %w", origin, index, err)
	}
	return cite.Of(origin, index, tlog.Hash(c)), nil
}
