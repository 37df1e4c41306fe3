package rules

import "time"

// Status is one party's compliance with one obligation at a moment.
type Status string

// The compliance statuses.
const (
	// StatusNotBinding: the rule does not bind the party, or not yet (a
	// withdrawal before its deadline), or no longer.
	StatusNotBinding Status = "not_binding"
	// StatusCompliant: binding, and no event of the party bears on it.
	StatusCompliant Status = "compliant"
	// StatusViolation: at least one event attributed to the party bears on it.
	StatusViolation Status = "violation"
	// StatusUndetermined: no event attributed to the party, but events by a
	// party not yet identified bear on it.
	StatusUndetermined Status = "undetermined"
)

// Compliance returns party's status under r at now, given the hits of r
// (hits of other rules are ignored). A rule that bound the party at some
// time up to now keeps a violation recorded while it bound: a violation is
// not undone when the rule ends.
func Compliance(r *Rule, party string, hits []Hit, now time.Time) Status {
	if !r.binds(party) || now.Before(r.From) {
		return StatusNotBinding
	}
	unknown := false
	for _, h := range hits {
		if h.RuleID != r.ID {
			continue
		}
		switch h.Party {
		case party:
			return StatusViolation
		case "":
			unknown = true
		}
	}
	switch {
	case unknown:
		return StatusUndetermined
	case !r.Until.IsZero() && !now.Before(r.Until):
		return StatusNotBinding
	}
	return StatusCompliant
}
