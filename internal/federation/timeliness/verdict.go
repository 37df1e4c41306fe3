package timeliness

import (
	"fmt"
	"time"
)

// DefaultTolerance is the tolerance used when none is configured: how much
// later than a deadline a witness may cosign a checkpoint holding an entry
// that is still on time, and how far an entry's time may stray from its
// witnesses' times before its origin is named.
const DefaultTolerance = 5 * time.Minute

// The statuses of a [Verdict].
const (
	// OnTime: the entry's time is not after the deadline, and a witness
	// cosigned a checkpoint holding it no later than deadline + tolerance.
	OnTime = "on_time"
	// Late: the entry's time is after the deadline, or no witness cosigned
	// a checkpoint holding it by deadline + tolerance.
	Late = "late"
	// Unproven: the entry's time is not after the deadline, no witness has
	// cosigned a checkpoint holding it yet, and deadline + tolerance has
	// not passed.
	Unproven = "unproven"
	// NoWitness: the entry's time is not after the deadline, and the log
	// has no witness whose cosignature could bound it: only the origin's
	// clock says it was on time.
	NoWitness = "unproven_no_witness"
)

// Cosigned is one witness's earliest verified cosignature of one checkpoint
// of an origin's log.
type Cosigned struct {
	Origin string `json:"origin"`
	// TreeSize is the checkpoint's size: it holds entries 0..TreeSize-1.
	TreeSize int64 `json:"tree_size"`
	// Witness is the witness's key name.
	Witness string `json:"witness"`
	// At is the timestamp the witness signed (whole seconds, UTC).
	At time.Time `json:"cosigned_at"`
}

// Statement is a deadline-bound entry: its origin, its index in the
// origin's log, the time it bears and the deadline it had to meet.
type Statement struct {
	Origin   string
	Index    int64
	Time     time.Time
	Deadline time.Time
}

// Verdict says whether a statement was on time and on what evidence. It
// is the "on_time" object of the API.
type Verdict struct {
	Status string `json:"status"`
	// Reason says why, for people.
	Reason string `json:"reason"`
	// EntryTime is the time the entry bears (RFC 3339).
	EntryTime string `json:"entry_time"`
	// CosignedAt, Witness and TreeSize name the earliest cosignature of a
	// checkpoint holding the entry; empty while there is none.
	CosignedAt string `json:"cosigned_at,omitempty"`
	Witness    string `json:"witness,omitempty"`
	TreeSize   int64  `json:"tree_size,omitempty"`
	// Drift, if set, names the entry's origin: its time disagrees with
	// its witnesses' beyond the tolerance (see CheckDrift), with the
	// cosignature that shows it. Judge leaves it to the caller.
	Drift *Drift `json:"drift,omitempty"`
}

// Rules are what a verdict is judged by.
type Rules struct {
	// Tolerance is how much later than the deadline the covering
	// cosignature may be (DefaultTolerance if <= 0).
	Tolerance time.Duration
	// Witnessed is whether the origin's log has witnesses at all; without
	// them no verdict is better than NoWitness.
	Witnessed bool
}

func (r Rules) tolerance() time.Duration {
	if r.Tolerance <= 0 {
		return DefaultTolerance
	}
	return r.Tolerance
}

// Judge returns the verdict on s at time now, given cover, the earliest
// cosignature of a checkpoint of s's origin holding s (TreeSize > s.Index),
// or nil if there is none yet. A cover of another origin, or of a tree
// that does not hold s, is ignored (treated as none). Judge is a pure
// function of its arguments.
func Judge(s Statement, cover *Cosigned, r Rules, now time.Time) Verdict {
	tol := r.tolerance()
	v := Verdict{EntryTime: s.Time.UTC().Format(time.RFC3339Nano)}
	if cover != nil && (cover.Origin != s.Origin || cover.TreeSize <= s.Index) {
		cover = nil
	}
	if cover != nil {
		v.CosignedAt = cover.At.UTC().Format(time.RFC3339)
		v.Witness = cover.Witness
		v.TreeSize = cover.TreeSize
	}
	due := s.Deadline.Add(tol)
	switch {
	case s.Time.After(s.Deadline):
		v.Status, v.Reason = Late, fmt.Sprintf("the entry's time is %s after the deadline", s.Time.Sub(s.Deadline).Round(time.Second))
	case !r.Witnessed:
		v.Status, v.Reason = NoWitness, "unproven (no witness): only the origin's clock says it was before the deadline"
	case cover != nil && !cover.At.After(due):
		v.Status, v.Reason = OnTime, fmt.Sprintf("before the deadline, and witness %s cosigned a checkpoint holding it within the %s tolerance", cover.Witness, tol)
	case cover != nil:
		v.Status, v.Reason = Late, fmt.Sprintf("dated before the deadline, but the first witness to cosign a checkpoint holding it did so %s after the deadline (tolerance %s)",
			cover.At.Sub(s.Deadline).Round(time.Second), tol)
	case now.After(due):
		v.Status, v.Reason = Late, fmt.Sprintf("dated before the deadline, but no witness cosigned a checkpoint holding it by the deadline plus the %s tolerance", tol)
	default:
		v.Status, v.Reason = Unproven, fmt.Sprintf("dated before the deadline; no witness has cosigned a checkpoint holding it yet (it has until the deadline plus %s)", tol)
	}
	return v
}
