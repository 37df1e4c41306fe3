package app

import (
	"sync"

	"truce/internal/ledger"
)

// subscribers fans committed entries out to in-process listeners (the live
// stream, webhooks, alert rules). A listener must not block.
type subscribers struct {
	mu  sync.RWMutex
	fns []func([]*ledger.Entry)
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
}
