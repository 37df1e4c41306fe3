package ledger

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"truce/internal/fault"
)

// ErrOtherParty is the kind of refusal (wrapping fault.ErrForbidden) of an
// entry in the name of a party the node does not speak for: a party node's
// log (its origin) holds only the statements of its own party and of the
// parties the federation's roster says it hosts, so that no node can speak
// for another party.
var ErrOtherParty = fmt.Errorf("a party node's log holds only the statements of the parties it speaks for: %w", fault.ErrForbidden)

// partyGuard is the set of parties a sequencer appends entries for; the
// zero value (a hosted node) allows every party.
type partyGuard struct {
	parties []string // sorted, without repeats; nil allows every party
}

// newPartyGuard returns the guard allowing exactly parties, or every party
// if parties is empty.
func newPartyGuard(parties []string) partyGuard {
	if len(parties) == 0 {
		return partyGuard{}
	}
	ps := slices.Clone(parties)
	slices.Sort(ps)
	return partyGuard{parties: slices.Compact(ps)}
}

// check returns nil if d may be appended, and otherwise a
// *fault.RefusalError of kind ErrOtherParty naming d's kind and party and
// the parties this log speaks for. It never changes d.
func (g partyGuard) check(d *Draft) error {
	if g.parties == nil || slices.Contains(g.parties, d.Party) {
		return nil
	}
	return &fault.RefusalError{Kind: ErrOtherParty, Msg: fmt.Sprintf(
		"this node's log speaks only for %s: a %s entry in the name of party %q is refused",
		strings.Join(g.parties, ", "), d.Kind, d.Party)}
}

// partyGuards holds a sequencer's partyGuard, which SetParties may replace
// while appends run.
type partyGuards struct{ p atomic.Pointer[partyGuard] }

func (g *partyGuards) set(parties []string) {
	pg := newPartyGuard(parties)
	g.p.Store(&pg)
}

func (g *partyGuards) get() partyGuard { return *g.p.Load() }

// SetParties replaces the parties in whose name entries may be appended
// (SequencerOptions.Parties): a roster change in force that makes this
// party node host another party, or no longer host one. An append already
// checked is not checked again; every later one is checked against
// parties. Empty parties allows every party: a party node MUST NOT pass
// it.
func (s *Sequencer) SetParties(parties []string) { s.parties.set(parties) }
