// Package cochair holds the rule that every decision of the co-chairs
// shares (a zone version, an agreement version): a version is agreed once
// every co-chair of the centre has agreed to it, and a co-chair that left
// the centre is awaited no more. It is pure: the callers read the
// co-chairs and the departures from their stores.
package cochair

import (
	"slices"
	"time"
)

// Departure is a co-chair party that left the centre (party.retired: it
// walked out, or was retired by its peers) and when it left. From then on
// no version awaits its agreement: the store's projection of its departure
// agrees every pending version that it alone was missing, and State reads
// it as withdrawn, never as pending.
type Departure struct {
	Party string
	At    time.Time
}

// Missing returns the co-chairs not in agreedBy, sorted; with no co-chair
// at all nothing can be agreed, so it then returns "co-chair".
func Missing(coChairs, agreedBy []string) []string {
	if len(coChairs) == 0 {
		return []string{"co-chair"}
	}
	var out []string
	for _, c := range coChairs {
		if !slices.Contains(agreedBy, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// State returns, each sorted and never nil, the co-chairs whose agreement
// a version still awaits and the withdrawn ones. The version was proposed
// at proposedAt and agreed by agreedBy; agreedAt is when it became agreed,
// empty while it is pending (both RFC 3339). It awaits the co-chairs now
// in the centre (coChairs) that have not agreed, none once it is agreed.
// The withdrawn are the departed co-chairs (gone) that had not agreed when
// they left while the version awaited them: proposed before they left and
// not agreed by then. A co-chair that agreed and later left reads as having
// agreed.
func State(agreedBy []string, proposedAt, agreedAt string, coChairs []string, gone []Departure) (pending, withdrawn []string) {
	pending, withdrawn = []string{}, []string{}
	if agreedAt == "" {
		pending = append(pending, Missing(coChairs, agreedBy)...)
	}
	proposed, _ := time.Parse(time.RFC3339Nano, proposedAt)
	agreed, _ := time.Parse(time.RFC3339Nano, agreedAt)
	for _, d := range gone {
		if slices.Contains(agreedBy, d.Party) || d.At.Before(proposed) {
			continue
		}
		if agreedAt != "" && agreed.Before(d.At) {
			continue // agreed before it left: it was no longer awaited
		}
		withdrawn = append(withdrawn, d.Party)
	}
	slices.Sort(withdrawn)
	return pending, withdrawn
}
