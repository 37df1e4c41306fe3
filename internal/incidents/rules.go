package incidents

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// Decide returns the status that the verdicts of one round lead to, given
// the co-chair parties (verdicts of other parties are ignored):
//   - under_review while a co-chair has not assessed or needs information;
//   - confirmed when every co-chair confirmed;
//   - unfounded when every co-chair rejected;
//   - disputed when they disagree (some confirmed, some rejected).
//
// With no co-chairs nothing can be decided: under_review.
func Decide(coChairs []string, verdicts map[string]Verdict) Status {
	if len(coChairs) == 0 {
		return StatusUnderReview
	}
	confirmed, rejected := 0, 0
	for _, c := range coChairs {
		switch verdicts[c] {
		case VerdictConfirmed:
			confirmed++
		case VerdictRejected:
			rejected++
		default:
			return StatusUnderReview
		}
	}
	switch {
	case confirmed == len(coChairs):
		return StatusConfirmed
	case rejected == len(coChairs):
		return StatusUnfounded
	}
	return StatusDisputed
}

// CanAssess returns nil if an incident in status s may be assessed, and an
// error wrapping fault.ErrConflict if it is closed (reopen it first).
func CanAssess(s Status) error {
	if s.Closed() {
		return fault.Conflictf("the incident is %s: reopen it before assessing it again", s)
	}
	return nil
}

// CanReopen returns nil if an incident in status s may be reopened (it is
// closed), and an error wrapping fault.ErrConflict otherwise.
func CanReopen(s Status) error {
	if !s.Closed() {
		return fault.Conflictf("the incident is %s, not closed: only confirmed, disputed or unfounded incidents are reopened", s)
	}
	return nil
}

// MayAssess returns nil if p may record its party's assessment: an analyst
// of a co-chair party; fault.ErrForbidden otherwise.
func MayAssess(p access.Principal) error {
	if err := p.Require(access.RoleAnalyst); err != nil {
		return err
	}
	if !p.CoChair {
		return fmt.Errorf("only analysts of co-chair parties assess incidents: %w", fault.ErrForbidden)
	}
	return nil
}

// MayReview returns nil if p may reopen incidents or link duplicates: an
// analyst or liaison of a co-chair party; fault.ErrForbidden otherwise.
func MayReview(p access.Principal) error {
	if err := p.Require(access.RoleAnalyst, access.RoleLiaison); err != nil {
		return err
	}
	if !p.CoChair {
		return fmt.Errorf("only analysts or liaisons of co-chair parties reopen incidents or link duplicates: %w", fault.ErrForbidden)
	}
	return nil
}

// MayReport returns nil if p may report incidents or comment on them: a
// reporter, analyst or liaison of any party.
func MayReport(p access.Principal) error {
	return p.Require(access.RoleReporter, access.RoleAnalyst, access.RoleLiaison)
}

// Conservative returns the totals that aggregates count: for each outcome
// and group the smallest lower bound any source reported, summed over the
// groups, for killed and injured.
func Conservative(cs []Casualty) (killed, injured int) {
	low := map[[2]string]int{}
	for _, c := range cs {
		k := [2]string{c.Outcome, c.Group}
		if v, ok := low[k]; !ok || c.Min < v {
			low[k] = c.Min
		}
	}
	for k, v := range low {
		if k[0] == "killed" {
			killed += v
		} else {
			injured += v
		}
	}
	return killed, injured
}

// Span returns the interval an incident covers, in Unix seconds: from its
// start to its end, or without an end, to its start plus its time
// precision (an hour, a day or a week; an exact time is an instant).
// Time-window queries match incidents whose span overlaps the window.
func Span(ts TimeSpan) (t0, t1 int64) {
	start, _ := time.Parse(time.RFC3339, ts.Start)
	t0 = start.Unix()
	if ts.End != "" {
		end, _ := time.Parse(time.RFC3339, ts.End)
		return t0, end.Unix()
	}
	switch ts.Precision {
	case TimeHour:
		return t0, t0 + 3600 - 1
	case TimeDay:
		return t0, t0 + 86400 - 1
	case TimeWeek:
		return t0, t0 + 7*86400 - 1
	}
	return t0, t0
}

// Key returns the idempotency key of a report by party: its external id
// when it has one, otherwise the SHA-256 of its content (id and key
// excluded). Reporting or importing the same incident twice yields the same
// key, and the second report creates nothing.
func Key(party string, r *Report) string {
	if r.ExternalID != "" {
		return "ext:" + party + ":" + r.ExternalID
	}
	c := *r
	c.ID, c.Key = "", ""
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(append([]byte(party+"\n"), b...))
	return "sha256:" + hex.EncodeToString(sum[:])
}
