package flights

import (
	"context"
	"fmt"

	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// Following the log. On PostgreSQL several processes serve one log, each
// with its own engine. Every committed entry, this process's and the
// others', reaches Observe (app.Subscribe, fed by the store's Follower);
// Observe only notes which plans, reservations and conflicts changed, and
// Sync, called at the start of every Tick, refreshes those from their
// projections (refresh: the one reconciliation path of state.go). A plan
// filed through another process is therefore in this process's engine
// within one tick.
//
// The engine's plans and reservations are tracked by version (heldPlans,
// heldRes), so entries this process wrote itself, which it has already
// applied, cost one lookup. Conflicts from tracks are not followed: tracks
// are live state of the process that received them, and each process
// keeps (and clears) only its own track records.

// dirty is what Observe noted for Sync.
type dirty struct {
	plans, res map[string]bool
	conf       map[string]bool // conflict id -> raised (false: cleared)
}

// Observe is called with every committed batch of entries (it must not
// block): a change to a notified site or movement marks them for reload,
// so that advisories follow notify; a party entry drops the cached
// co-chairs (who sees every conflict record); plans, reservations and
// conflicts that changed are noted for Sync.
func (s *Service) Observe(es []*ledger.Entry) {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	for _, e := range es {
		kind, subj := e.Kind, e.Subject
		switch {
		case notify.ChangesNotice(kind):
			s.noticesDirty.Store(true)
		case kind == EntryPlanFiled || kind == EntryPlanAmended || kind == EntryPlanCancelled:
			if id, ok := ParsePlanSubject(subj); ok {
				s.dirty.plans[id] = true
			}
		case kind == EntryReservationCreated || kind == EntryReservationCancelled:
			if id, ok := ParseReservationSubject(subj); ok {
				s.dirty.res[id] = true
			}
		case kind == EntryConflictRaised || kind == EntryConflictCleared:
			if id, ok := ParseConflictSubject(subj); ok {
				s.dirty.conf[id] = kind == EntryConflictRaised
			}
		case accounts.IsPartyKind(kind):
			s.chairs.invalidate() // co-chairs may have changed (package membership)
		}
	}
}

// takeDirty returns and resets what Observe noted.
func (s *Service) takeDirty() dirty {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	d := s.dirty
	s.dirty = newDirty()
	return d
}

func newDirty() dirty {
	return dirty{plans: map[string]bool{}, res: map[string]bool{}, conf: map[string]bool{}}
}

// Sync applies the plans, reservations and plan records that changed in
// the log since the last Sync (see Observe), typically through another
// process, and reconciles the plans if the engine changed. It waits for
// no commit of this process: what one of its writes in flight names (its
// projection may not hold that write yet), and what cannot be read now,
// is retried at the next Sync.
func (s *Service) Sync(ctx context.Context) error {
	d := s.takeDirty()
	if len(d.plans)+len(d.res)+len(d.conf) == 0 {
		return nil
	}
	err := s.write(ctx, func(w *writeSet) error { return s.refresh(ctx, w, &d) })
	if err != nil {
		return fmt.Errorf("flights: sync: %w", err)
	}
	return nil
}
