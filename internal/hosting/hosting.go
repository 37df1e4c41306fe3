// Package hosting holds the parties a party node of a federation hosts:
// the members whose hosted_by names the node's party in the roster in
// force. A roster change may alter them while the node runs, so every
// service that speaks for them (accounts, alerts, flights, the mirrors)
// reads them here on each use rather than keeping its own copy.
package hosting

import (
	"slices"
	"sync/atomic"
)

// Parties is the set of hosted parties, in roster order, safe for
// concurrent use. A nil *Parties hosts nobody (a hosted node, or a party
// node hosting no one), so services built without one need no check.
type Parties struct {
	p atomic.Pointer[[]string]
}

// New returns Parties holding parties (copied).
func New(parties []string) *Parties {
	h := &Parties{}
	h.Set(parties)
	return h
}

// List returns the hosted parties, in roster order, or nil if there are
// none. The caller MUST NOT modify the slice.
func (h *Parties) List() []string {
	if h == nil {
		return nil
	}
	if p := h.p.Load(); p != nil {
		return *p
	}
	return nil
}

// Contains reports whether party is hosted.
func (h *Parties) Contains(party string) bool {
	return slices.Contains(h.List(), party)
}

// Set replaces the hosted parties with parties (copied); readers see the
// old list or the new one, never a mix. It MUST NOT be called on nil.
func (h *Parties) Set(parties []string) {
	var c []string
	if len(parties) > 0 {
		c = slices.Clone(parties)
	}
	h.p.Store(&c)
}
