package ledger

import (
	"context"
	"fmt"
	"sync"
	"time"

	"filippo.io/torchwood"
)

// PublicLog is the log as the public (no login) is shown it: in delayed
// batches. Members see every checkpoint as it is signed; the public sees
// only the newest checkpoint signed before the current batch boundary
// (the time truncated to Every), and the tiles and entries that checkpoint
// covers. Nobody outside the centre can therefore tell from the timing or
// the count of entries when within a batch anything was written — such as
// the receipts due before a movement starts (issue 15: the public log must
// not tell anyone when a movement is about to start).
//
// The zero Every serves the public the latest checkpoint (no delay).
type PublicLog struct {
	every  time.Duration
	before func(ctx context.Context, t time.Time) (*SignedCheckpoint, error)
	latest func() *SignedCheckpoint
	now    func() time.Time

	mu  sync.Mutex
	at  time.Time // the boundary cp was read for
	cp  *SignedCheckpoint
	got bool
}

// NewPublicLog returns the public view of a log whose checkpoints before a
// time are read by before (newest signed strictly before t, nil if none),
// whose latest checkpoint is latest, batched every every (0: no delay).
// now defaults to time.Now.
func NewPublicLog(every time.Duration, before func(ctx context.Context, t time.Time) (*SignedCheckpoint, error),
	latest func() *SignedCheckpoint, now func() time.Time) *PublicLog {
	if now == nil {
		now = time.Now
	}
	return &PublicLog{every: every, before: before, latest: latest, now: now}
}

// Every returns the batch interval (0: no delay).
func (p *PublicLog) Every() time.Duration { return p.every }

// NextBatch returns when the next batch begins, at which the public is
// shown the newest checkpoint signed before it (the zero time if there is
// no delay).
func (p *PublicLog) NextBatch() time.Time {
	if p.every <= 0 {
		return time.Time{}
	}
	return p.now().UTC().Truncate(p.every).Add(p.every)
}

// Checkpoint returns the checkpoint the public is shown now: the newest
// signed before the current batch boundary, or nil if none was. It is read
// once per batch.
func (p *PublicLog) Checkpoint(ctx context.Context) (*SignedCheckpoint, error) {
	if p.every <= 0 {
		return p.latest(), nil
	}
	at := p.now().UTC().Truncate(p.every)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.got && p.at.Equal(at) {
		return p.cp, nil
	}
	cp, err := p.before(ctx, at)
	if err != nil {
		return nil, fmt.Errorf("ledger: public checkpoint before %s: %w", at.Format(time.RFC3339), err)
	}
	p.at, p.cp, p.got = at, cp, true
	return cp, nil
}

// Size returns the tree size of Checkpoint (0 if there is none).
func (p *PublicLog) Size(ctx context.Context) (int64, error) {
	cp, err := p.Checkpoint(ctx)
	if err != nil || cp == nil {
		return 0, err
	}
	return cp.N, nil
}

// TileEnd returns how many leaves the tile at path (a C2SP tlog-tiles path,
// data or entries) needs the tree to hold: a tree of that size or larger
// serves it. It returns an error for a malformed path.
func TileEnd(path string) (int64, error) {
	t, err := torchwood.ParseTilePath(path)
	if err != nil {
		return 0, err
	}
	level := max(t.L, 0)
	return (t.N*torchwood.TileWidth + int64(t.W)) << (uint(level) * torchwood.TileHeight), nil
}
