package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"truce/internal/federation/timeliness"
	"truce/internal/store"
)

// entryJudge judges deadline-bound entries of this node's timeline, its
// own log's and its mirrors', by the earliest cosignature the store kept of
// a checkpoint of the entry's origin holding it (timeliness.EntryJudge).
type entryJudge struct {
	db     *store.DB
	origin string // this node's own log
	// witnessed reports whether this node's own log has witnesses; a
	// peer's log always has (a mirror accepts no checkpoint without them).
	witnessed func() bool
	tolerance time.Duration
	now       func() time.Time
	log       *slog.Logger
	named     sync.Map // origin#index already logged as drifting
}

// newEntryJudge returns the judge of a's entries with a's tolerance.
func (a *App) newEntryJudge(now func() time.Time) *entryJudge {
	if now == nil {
		now = time.Now
	}
	return &entryJudge{db: a.DB, origin: a.Keys.Origin(), tolerance: a.Config.TimelinessTolerance, now: now, log: a.Log,
		witnessed: func() bool {
			if len(a.Config.Witnesses) > 0 || a.Federation != nil {
				return true
			}
			l := a.Checkpointer.Latest()
			return l != nil && len(l.Cosignatures) > 0
		}}
}

// Judge implements timeliness.EntryJudge.
func (j *entryJudge) Judge(ctx context.Context, seq int64, t, deadline time.Time) (timeliness.Verdict, error) {
	origin, index, err := j.db.EntryPlace(ctx, seq)
	if err != nil {
		return timeliness.Verdict{}, fmt.Errorf("app: timeliness of entry %d: %w", seq, err)
	}
	witnessed := origin != ""
	if origin == "" {
		origin, witnessed = j.origin, j.witnessed()
	}
	c, err := j.db.CoveringCosignature(ctx, origin, index)
	if err != nil {
		return timeliness.Verdict{}, fmt.Errorf("app: timeliness of entry %d: %w", seq, err)
	}
	var cover, prior *timeliness.Cosigned
	if c != nil {
		cover = &c.Cosigned
	}
	p, err := j.db.PriorCosignature(ctx, origin, index)
	if err != nil {
		return timeliness.Verdict{}, fmt.Errorf("app: timeliness of entry %d: %w", seq, err)
	}
	if p != nil {
		prior = &p.Cosigned
	}
	s := timeliness.Statement{Origin: origin, Index: index, Time: t, Deadline: deadline}
	v := timeliness.Judge(s, cover, timeliness.Rules{Tolerance: j.tolerance, Witnessed: witnessed}, j.now())
	if v.Drift = timeliness.CheckDrift(origin, index, t, cover, prior, j.tolerance); v.Drift != nil {
		if _, seen := j.named.LoadOrStore(fmt.Sprint(origin, "#", index), true); !seen {
			j.log.WarnContext(ctx, "entry time disagrees with its witnesses", "origin", origin, "index", index, "kind", v.Drift.Kind, "detail", v.Drift.Detail)
		}
	}
	return v, nil
}
