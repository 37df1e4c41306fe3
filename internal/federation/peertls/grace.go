package peertls

import (
	"sync"
	"time"

	"truce/internal/federation/roster"
)

// DefaultGrace is how long a node accepts the pin a roster change replaced
// when it has not seen the member use its new one: long enough for a
// member that learns of the change only from its peers (a member that is
// not a co-chair, or one that was cut off) to fetch it with its old
// certificate, short enough that a retired certificate does not stay good.
const DefaultGrace = 24 * time.Hour

// Grace holds the TLS pins of members whose certificate is being rotated,
// which a node accepts for them besides the pin the roster in force gives:
//
//   - the pin a roster change replaced (Rotated): the member switches to
//     its new certificate only once it has learned that the change is in
//     force, and must not be cut off meanwhile. It is held until the
//     member is seen using its new pin (as a client or as a server) or
//     until its grace period ends, whichever comes first;
//   - the pin a pending proposal gives a member (Upcoming), which only the
//     member's own node can have logged: the member may put the change in
//     force, and switch, before this node learns of it from the member's
//     own log. It is held while the proposal is pending.
//
// A nil *Grace holds nothing. It is safe for concurrent use.
type Grace struct {
	mu       sync.Mutex
	now      func() time.Time
	old      map[string]graced // by old pin
	upcoming map[string]string // pending proposals' new pins: pin -> party
}

// Upcoming makes the pins that the proposed rosters (pending proposals
// against inForce, each checked to change no member's keys but its
// proposer's) give members whose pin in inForce differs the upcoming pins
// accepted for them, replacing those held before.
func (g *Grace) Upcoming(inForce *roster.Roster, proposed []*roster.Roster) {
	if g == nil || inForce == nil {
		return
	}
	up := map[string]string{}
	for _, p := range proposed {
		if p == nil {
			continue
		}
		for _, m := range p.Members {
			was, ok := inForce.ByParty(m.Party)
			if ok && was.TLSPin != "" && m.TLSPin != "" && was.TLSPin != m.TLSPin {
				up[m.TLSPin] = m.Party
			}
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.upcoming = up
}

// graced is an old pin's member and until when it is accepted.
type graced struct {
	party, next string
	until       time.Time
}

// NewGrace returns an empty Grace on the clock now (time.Now if nil).
func NewGrace(now func() time.Time) *Grace {
	if now == nil {
		now = time.Now
	}
	return &Grace{now: now, old: map[string]graced{}}
}

// Rotated records, for every member of next whose pin differs from its
// pin in prev, that its prev pin is accepted for it for period from now.
// It returns the parties whose pin changed.
func (g *Grace) Rotated(prev, next *roster.Roster, period time.Duration) []string {
	if g == nil || prev == nil || next == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var parties []string
	for _, m := range next.Members {
		was, ok := prev.ByParty(m.Party)
		if !ok || was.TLSPin == "" || m.TLSPin == "" || was.TLSPin == m.TLSPin {
			continue
		}
		g.old[was.TLSPin] = graced{party: m.Party, next: m.TLSPin, until: g.now().Add(period)}
		parties = append(parties, m.Party)
	}
	return parties
}

// Member returns the member of r whose certificate has pin: the member r
// gives that pin, or the member whose old pin it is while it is held. A
// member's new pin seen here ends the grace of its old one.
func (g *Grace) Member(r *roster.Roster, pin string) (roster.Member, bool) {
	if m, ok := r.ByPin(pin); ok {
		g.seen(m.Party, pin)
		return m, true
	}
	if party, ok := g.held(pin); ok {
		return r.ByParty(party)
	}
	return roster.Member{}, false
}

// Accepts reports whether pin is, for now, an accepted old or upcoming
// pin of party.
func (g *Grace) Accepts(party, pin string) bool {
	p, ok := g.held(pin)
	return ok && p == party
}

// held returns the party whose old or upcoming pin is pin, if held.
func (g *Grace) held(pin string) (string, bool) {
	if g == nil || pin == "" {
		return "", false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if party, ok := g.upcoming[pin]; ok {
		return party, true
	}
	o, ok := g.old[pin]
	if !ok {
		return "", false
	}
	if !g.now().Before(o.until) {
		delete(g.old, pin)
		return "", false
	}
	return o.party, true
}

// seen ends the grace of party's old pins when pin is the new one it was
// given.
func (g *Grace) seen(party, pin string) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for old, o := range g.old {
		if o.party == party && o.next == pin {
			delete(g.old, old)
		}
	}
}

// Held returns how many old and upcoming pins are held (for tests).
func (g *Grace) Held() int {
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.old) + len(g.upcoming)
}
