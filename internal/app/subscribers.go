package app

import (
	"sync"

	"truce/internal/ledger"
	"truce/internal/store"
)

// subscribers fans committed entries out to in-process listeners (the live
// stream, webhooks, alert rules). A listener must not block.
type subscribers struct {
	mu  sync.RWMutex
	fns []func([]*ledger.Entry)
	// mirrored are the listeners of peers' entries a mirror applied
	// (SubscribeMirrored).
	mirrored []func(store.Applied)
}

// SubscribeMirrored registers fn to be called with every batch of a peer's
// entries that a mirror verified and applied to the projections, in the
// origin's order, each entry's Seq its index in the origin's log and its
// position on the local timeline beside it (store.Applied). fn must
// not block. Listeners of projections (the flights engine, the stream,
// webhooks) subscribe here too; rules that raise this node's own entries
// from what it logs do not, since the peer's node raises its own.
func (a *App) SubscribeMirrored(fn func(store.Applied)) {
	a.subs.mu.Lock()
	defer a.subs.mu.Unlock()
	a.subs.mirrored = append(a.subs.mirrored, fn)
}

// publishMirrored calls every mirrored listener with what a mirror applied.
func (s *subscribers) publishMirrored(ap store.Applied) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, fn := range s.mirrored {
		fn(ap)
	}
}

// Subscribe registers fn to be called with every committed batch, in log
// order.
func (a *App) Subscribe(fn func([]*ledger.Entry)) {
	a.subs.mu.Lock()
	defer a.subs.mu.Unlock()
	a.subs.fns = append(a.subs.fns, fn)
}

func (s *subscribers) publish(es []*ledger.Entry) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, fn := range s.fns {
		fn(es)
	}
}

func (s *subscribers) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fns = nil
	s.mirrored = nil
}
