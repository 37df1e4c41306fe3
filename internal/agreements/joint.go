package agreements

import (
	"slices"
	"time"

	"truce/internal/cochair"
	"truce/internal/ledger"
)

// JointAgreement returns agreement id as computed from its entries es in
// the joint order (package federation/joint), read from every log a node
// holds, nil if es hold no proposal of it. It is a pure function of its
// arguments: two nodes holding the same entries, co-chairs and departures
// compute the same agreement.
//
// The rules, beyond Fold's:
//   - An agreement.proposed counts only for the next version number (latest
//   - 1); a second proposal of a number already proposed is ignored.
//   - An agreement.agreed counts only as its own party's statement (the
//     payload's party is the entry's party), once per party and version,
//     for a version already proposed; its Complete flag, the writing node's
//     view, is not read.
//   - A version is agreed at the agreement that leaves no co-chair missing:
//     of coChairs, and of the co-chairs that left the centre (gone) after it
//     was proposed; one then awaiting only such departed co-chairs is agreed
//     when the last of them left, or at its last agreement if later.
//
// Entries whose payload does not decode are skipped.
func JointAgreement(id string, es []*ledger.Entry, coChairs []string, gone []cochair.Departure) *Agreement {
	a := &Agreement{}
	last := map[int]string{} // per version, its last counted agreement's time
	for _, e := range es {
		if e.Subject != Subject(id) {
			continue
		}
		switch e.Kind {
		case KindProposed:
			p, err := decode[Proposed](e)
			if err != nil || p.Version.AgreementID != id || p.Version.Version != a.Latest+1 {
				continue
			}
		case KindAgreed:
			p, err := decode[Agreed](e)
			if err != nil || p.AgreementID != id || p.Party != e.Party || p.Version < 1 || p.Version > len(a.Versions) {
				continue
			}
			v := &a.Versions[p.Version-1]
			if slices.Contains(v.AgreedBy, p.Party) {
				continue
			}
			v.AgreedBy = append(v.AgreedBy, p.Party)
			slices.Sort(v.AgreedBy)
			a.Seq, last[p.Version] = e.Seq, e.Time
			if v.AgreedAt == "" && len(cochair.Missing(requiredOf(v.ProposedAt, coChairs, gone), v.AgreedBy)) == 0 {
				v.AgreedAt = e.Time
			}
			continue
		}
		if a.ID == "" && e.Kind != KindProposed {
			continue
		}
		if err := foldAgreement(a, e); err != nil {
			continue
		}
	}
	if a.ID == "" {
		return nil
	}
	for i := range a.Versions {
		v := &a.Versions[i]
		if v.AgreedAt != "" || len(cochair.Missing(coChairs, v.AgreedBy)) > 0 {
			continue
		}
		if at, ok := lastDeparture(v.ProposedAt, v.AgreedBy, coChairs, gone); ok {
			if l := parseRFC3339(last[v.Version]); l.After(at) {
				at = l
			}
			v.AgreedAt = at.UTC().Format(time.RFC3339Nano)
		}
	}
	return a
}

// requiredOf returns the co-chairs whose agreement a version proposed at
// proposedAt needs: coChairs and those that left after it was proposed.
func requiredOf(proposedAt string, coChairs []string, gone []cochair.Departure) []string {
	out := slices.Clone(coChairs)
	proposed := parseRFC3339(proposedAt)
	for _, d := range gone {
		if !d.At.Before(proposed) && !slices.Contains(out, d.Party) {
			out = append(out, d.Party)
		}
	}
	return out
}

// lastDeparture returns when the last co-chair that left after proposedAt
// without agreeing (and is no co-chair now) left; false if none did.
func lastDeparture(proposedAt string, agreedBy, coChairs []string, gone []cochair.Departure) (time.Time, bool) {
	proposed := parseRFC3339(proposedAt)
	var last time.Time
	for _, d := range gone {
		if slices.Contains(agreedBy, d.Party) || slices.Contains(coChairs, d.Party) || d.At.Before(proposed) {
			continue
		}
		if d.At.After(last) {
			last = d.At
		}
	}
	return last, !last.IsZero()
}

func parseRFC3339(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// JointPassage returns passage id as computed from its entries es in the
// joint order, read from every log a node holds, nil if es hold no
// proposal of it. It is a pure function of its arguments: two nodes
// holding the same entries compute the same passage, whatever the order
// in which the entries arrived.
//
// The rules, beyond Fold's:
//   - A passage.proposed counts only for the next version number (latest +
//     1), and a new version only from the proposer or a party concerned by
//     the latest version, while the passage is neither open nor closed.
//   - A passage.guaranteed counts only as its own party's statement (the
//     payload's party is the entry's party) for a version proposed, by a
//     party concerned by that version, once per party and version, wherever
//     it was logged.
//   - A passage.status_changed counts only from the proposer or a party
//     concerned by the latest version. A request to open the latest version
//     is held until the passage lacks nothing to open (MissingToOpen at the
//     time of the entry that completes it: every party concerned guaranteed
//     that exact version); the passage opens then, at that entry's time. A
//     new version, a suspension or a closure drops a held request. Suspending
//     needs an open passage; closing is final.
func JointPassage(id string, es []*ledger.Entry) *Passage {
	p := &Passage{}
	var held *StatusChange // a request to open, held until nothing is missing
	for _, e := range es {
		if e.Subject != PassageSubject(id) {
			continue
		}
		if p.ID == "" && e.Kind != KindPassageProposed {
			continue
		}
		switch e.Kind {
		case KindPassageProposed:
			d, err := decode[PassageProposed](e)
			if err != nil || d.Version.ID != id || d.Version.Version != p.Latest+1 {
				continue
			}
			if p.ID != "" && (!partyConcerned(p, e.Party) || p.Status == PassageOpen || p.Status == PassageClosed) {
				continue
			}
			held = nil
		case KindPassageGuaranteed:
			d, err := decode[PassageGuaranteed](e)
			if err != nil || d.PassageID != id || d.Party != e.Party || d.Version < 1 || d.Version > len(p.Versions) ||
				!slices.Contains(p.Versions[d.Version-1].Parties, d.Party) ||
				slices.ContainsFunc(p.Guarantees, func(g Guarantee) bool { return g.Party == d.Party && g.Version == d.Version }) {
				continue
			}
		case KindPassageStatus:
			d, err := decode[PassageStatusChanged](e)
			if err != nil || d.PassageID != id || !partyConcerned(p, e.Party) {
				continue
			}
			switch {
			case d.Status == PassageOpen && (p.Status == PassagePlanned || p.Status == PassageSuspended) && d.Version == p.Latest:
				held = &StatusChange{Status: PassageOpen, Version: d.Version, Reason: d.Reason, By: e.Author, Party: e.Party}
			case d.Status == PassageSuspended && p.Status == PassageOpen,
				d.Status == PassageClosed && p.Status != PassageClosed:
				held = nil
				if err := foldPassage(p, e); err != nil {
					continue
				}
			case d.Status == PassageSuspended || d.Status == PassageClosed:
				held = nil
			}
			p.Seq = e.Seq
			p.openIfReady(held, e)
			if p.Status == PassageOpen {
				held = nil
			}
			continue
		}
		if err := foldPassage(p, e); err != nil {
			continue
		}
		p.openIfReady(held, e)
		if p.Status == PassageOpen {
			held = nil
		}
	}
	if p.ID == "" {
		return nil
	}
	return p
}

// openIfReady opens p at entry e if a request to open is held and p lacks
// nothing to open as of e's time.
func (p *Passage) openIfReady(held *StatusChange, e *ledger.Entry) {
	if held == nil || held.Version != p.Latest || p.Status == PassageOpen || p.Status == PassageClosed {
		return
	}
	if len(MissingToOpen(p, parseRFC3339(e.Time))) > 0 {
		return
	}
	c := *held
	c.Time, c.Seq = e.Time, e.Seq
	p.Status = PassageOpen
	p.History = append(p.History, c)
}

// partyConcerned reports whether party proposed p or is concerned by its
// latest version.
func partyConcerned(p *Passage, party string) bool {
	v := p.LatestVersion()
	return party == p.Party || (v != nil && slices.Contains(v.Parties, party))
}
