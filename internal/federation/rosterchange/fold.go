package rosterchange

import (
	"cmp"
	"fmt"
	"slices"

	"truce/internal/federation/cite"
	"truce/internal/federation/roster"
)

// The statuses of a proposal in a View.
const (
	StatusInForce = "in_force" // its roster came into force
	StatusPending = "pending"  // it can still come into force: agreements are missing
	StatusRefused = "refused"  // it can never come into force (Reason says why)
)

// Agreement is one co-chair's agreement to a proposal: the agreeing party
// and where its roster.agreed entry is.
type Agreement struct {
	Party string        `json:"party"`
	Entry cite.Citation `json:"entry"`
	Time  string        `json:"time"`
}

// Proposal is a roster proposal as Next found it.
type Proposal struct {
	ID       cite.Citation `json:"id"`
	Proposer string        `json:"proposer"`
	Author   string        `json:"author"`
	Time     string        `json:"time"`
	Version  int64         `json:"version"`
	Hash     string        `json:"hash"`
	Previous string        `json:"previous"`
	Note     string        `json:"note,omitempty"`
	// Roster is the proposed roster (nil if the payload did not decode).
	Roster *roster.Roster `json:"roster,omitempty"`
	// Required are the co-chairs of the roster in force the proposal
	// replaces (pending and in force only), AgreedBy those whose agreement
	// counts for it and Missing the rest, in roster order.
	Required []string    `json:"required"`
	AgreedBy []Agreement `json:"agreed_by"`
	Missing  []string    `json:"missing"`
	// Conflicting are the co-chairs whose agreement for this version cites
	// another proposal: while any is, this one cannot come into force.
	Conflicting []string `json:"conflicting,omitempty"`
	Status      string   `json:"status"`
	Reason      string   `json:"reason,omitempty"`
}

// View is what Next computes: the roster in force next and its hash, the
// proposals that brought it into force (oldest first), those still
// pending, and those refused, each in (origin, index) order.
type View struct {
	Roster  *roster.Roster `json:"roster"`
	Hash    string         `json:"hash"`
	Applied []Proposal     `json:"applied"`
	Pending []Proposal     `json:"pending"`
	Refused []Proposal     `json:"refused"`
}

// Next returns the roster in force after inForce given the verified
// entries (own and mirrored; other kinds are ignored, repeated entries
// count once). It is pure and deterministic: the order of entries does
// not matter.
//
// A proposal comes into force when it is valid against the roster in
// force (version exactly +1, citing its hash, same federation, a valid
// roster, logged by a member's node in that member's or a hosted party's
// name, changing no other member's keys: see foreignKeyChange) and every co-chair of the roster in force has agreed to it: each
// co-chair's first roster.agreed for that version and previous hash,
// logged on the node that speaks for it (its own or its host's), cites the
// proposal and its roster hash. Changes chain: the new roster's co-chairs
// decide the version after it.
func Next(inForce *roster.Roster, entries []Entry) View {
	es := sortedUnique(entries)
	var props []*Proposal
	var agreed []agreedEntry
	for _, e := range es {
		switch e.Kind {
		case KindProposed:
			props = append(props, decodeProposal(e))
		case KindAgreed:
			if a, err := decodePayload[Agreed](e); err == nil {
				agreed = append(agreed, agreedEntry{Entry: e, Agreed: *a})
			}
		}
	}
	cur, curHash := inForce, rosterHash(inForce)
	v := View{Applied: []Proposal{}, Pending: []Proposal{}, Refused: []Proposal{}}
	decided := map[*Proposal]bool{}
	for {
		votes := votesFor(cur, curHash, agreed)
		var winner *Proposal
		for _, p := range props {
			if !decided[p] && problem(p, cur, curHash) == "" && allAgree(cur, votes, p) {
				winner = p
				break
			}
		}
		if winner == nil {
			break
		}
		fill(winner, cur, votes)
		winner.Status = StatusInForce
		decided[winner] = true
		v.Applied = append(v.Applied, *winner)
		cur, curHash = winner.Roster, winner.Hash
	}
	votes := votesFor(cur, curHash, agreed)
	for _, p := range props {
		if decided[p] {
			continue
		}
		if reason := problem(p, cur, curHash); reason != "" {
			p.Status, p.Reason = StatusRefused, reason
			v.Refused = append(v.Refused, *p)
			continue
		}
		fill(p, cur, votes)
		p.Status = StatusPending
		v.Pending = append(v.Pending, *p)
	}
	v.Roster, v.Hash = cur, curHash
	return v
}

// agreedEntry is a decoded roster.agreed entry.
type agreedEntry struct {
	Entry
	Agreed Agreed
}

// sortedUnique returns the relevant entries in (origin, index) order,
// each (origin, index) once.
func sortedUnique(entries []Entry) []Entry {
	var es []Entry
	for _, e := range entries {
		if Relevant(e.Kind) {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Index, b.Index), cmp.Compare(a.LeafHash, b.LeafHash))
	})
	return slices.CompactFunc(es, func(a, b Entry) bool { return a.Origin == b.Origin && a.Index == b.Index })
}

// decodeProposal returns the proposal e logs; one whose payload does not
// decode is refused at once.
func decodeProposal(e Entry) *Proposal {
	p := &Proposal{ID: e.Citation(), Proposer: e.Party, Author: e.Author, Time: e.Time,
		Required: []string{}, AgreedBy: []Agreement{}, Missing: []string{}}
	body, err := decodePayload[Proposed](e)
	if err != nil {
		p.Status, p.Reason = StatusRefused, "its payload is not a roster proposal"
		return p
	}
	r := body.Roster
	p.Roster, p.Version, p.Hash, p.Previous, p.Note = &r, r.Version, body.Hash, body.Previous, body.Note
	return p
}

// problem says why p cannot come into force after cur (whose hash is
// curHash), or "" if it can.
func problem(p *Proposal, cur *roster.Roster, curHash string) string {
	switch {
	case p.Roster == nil:
		return p.Reason
	case p.Version <= cur.Version:
		return fmt.Sprintf("stale: it proposes version %d and version %d is in force", p.Version, cur.Version)
	case p.Version > cur.Version+1:
		return fmt.Sprintf("skips versions: it proposes version %d and version %d is in force; a proposal must be version %d", p.Version, cur.Version, cur.Version+1)
	case p.Previous != curHash:
		return fmt.Sprintf("it cites roster %s as the previous one, not %s, the roster in force", short(p.Previous), short(curHash))
	case nodeOrigin(cur, p.Proposer) != p.ID.Origin:
		return fmt.Sprintf("it was logged by %s, which does not speak for %q on the roster in force", p.ID.Origin, p.Proposer)
	case p.Roster.Federation != cur.Federation:
		return fmt.Sprintf("it renames the federation %q to %q", cur.Federation, p.Roster.Federation)
	}
	if _, reason := foreignKeyChange(cur, p.Roster, p.ID.Origin); reason != "" {
		return reason
	}
	if err := p.Roster.Validate(); err != nil {
		return "its roster is not valid: " + err.Error()
	}
	if h := rosterHash(p.Roster); h != p.Hash {
		return fmt.Sprintf("its hash %s is not its roster's (%s)", short(p.Hash), short(h))
	}
	return ""
}

// votesFor returns, for each co-chair of cur, its first agreement for the
// version after cur citing curHash, logged on the node that speaks for it.
func votesFor(cur *roster.Roster, curHash string, agreed []agreedEntry) map[string]agreedEntry {
	votes := map[string]agreedEntry{}
	for _, party := range CoChairs(cur) {
		origin := nodeOrigin(cur, party)
		for _, a := range agreed { // in (origin, index) order: the first is the earliest
			if a.Party == party && a.Origin == origin && a.Agreed.Version == cur.Version+1 && a.Agreed.Previous == curHash {
				votes[party] = a
				break
			}
		}
	}
	return votes
}

// counts reports whether vote is an agreement to p.
func counts(vote agreedEntry, p *Proposal) bool {
	return vote.Agreed.Proposal == p.ID && vote.Agreed.RosterHash == p.Hash
}

// allAgree reports whether every co-chair of cur agreed to p.
func allAgree(cur *roster.Roster, votes map[string]agreedEntry, p *Proposal) bool {
	for _, party := range CoChairs(cur) {
		if vote, ok := votes[party]; !ok || !counts(vote, p) {
			return false
		}
	}
	return true
}

// fill sets p's required, agreeing, missing and conflicting co-chairs.
func fill(p *Proposal, cur *roster.Roster, votes map[string]agreedEntry) {
	p.Required, p.AgreedBy, p.Missing, p.Conflicting = CoChairs(cur), []Agreement{}, []string{}, nil
	for _, party := range p.Required {
		vote, ok := votes[party]
		switch {
		case !ok:
			p.Missing = append(p.Missing, party)
		case counts(vote, p):
			p.AgreedBy = append(p.AgreedBy, Agreement{Party: party, Entry: vote.Citation(), Time: vote.Time})
		default:
			p.Missing = append(p.Missing, party)
			p.Conflicting = append(p.Conflicting, party)
		}
	}
}

// short abbreviates a hash for a message.
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	if h == "" {
		return "(none)"
	}
	return h
}
