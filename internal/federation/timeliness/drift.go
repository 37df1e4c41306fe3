package timeliness

import (
	"fmt"
	"time"
)

// The kinds of [Drift].
const (
	// Ahead: the entry bears a time later than a witness's cosignature of
	// a checkpoint that already held it (tolerance aside): the origin's
	// clock runs ahead, or it post-dated the entry.
	Ahead = "ahead"
	// Behind: the entry bears a time earlier than a witness's cosignature
	// of a checkpoint that did not yet hold it (tolerance aside): the
	// origin backdated the entry, or its clock runs behind.
	Behind = "behind"
)

// Drift is an entry whose time disagrees with its witnesses' by more than
// the tolerance, with the cosignature that shows it.
type Drift struct {
	Kind string `json:"kind"`
	// Origin and Index name the entry; Time is the time it bears.
	Origin string    `json:"origin"`
	Index  int64     `json:"index"`
	Time   time.Time `json:"entry_time"`
	// Cosigned is the cosignature it disagrees with: of a tree holding
	// the entry (Ahead) or of one that does not yet hold it (Behind).
	Cosigned Cosigned `json:"cosigned"`
	// By is how far apart the two times are, and Tolerance the tolerance
	// it exceeds.
	By        time.Duration `json:"-"`
	Tolerance time.Duration `json:"-"`
	// Detail is String(), for people and the API.
	Detail string `json:"detail"`
}

// String says what the drift shows, naming the origin, the entry and the
// witness.
func (d *Drift) String() string {
	if d.Kind == Ahead {
		return fmt.Sprintf("%s#%d is dated %s, %s after witness %s cosigned a checkpoint of %d entries holding it (%s); tolerance %s",
			d.Origin, d.Index, d.Time.UTC().Format(time.RFC3339), d.By, d.Cosigned.Witness, d.Cosigned.TreeSize,
			d.Cosigned.At.UTC().Format(time.RFC3339), d.Tolerance)
	}
	return fmt.Sprintf("%s#%d is dated %s, %s before witness %s cosigned a checkpoint of %d entries not yet holding it (%s); tolerance %s",
		d.Origin, d.Index, d.Time.UTC().Format(time.RFC3339), d.By, d.Cosigned.Witness, d.Cosigned.TreeSize,
		d.Cosigned.At.UTC().Format(time.RFC3339), d.Tolerance)
}

// CheckDrift returns the drift of entry (origin, index) bearing time t, or
// nil if there is none beyond tol (DefaultTolerance if <= 0). cover is the
// earliest cosignature of a checkpoint of origin holding the entry
// (TreeSize > index), prior the latest of the earliest cosignatures of the
// checkpoints not yet holding it (TreeSize <= index); either may be nil.
// Arguments of another origin or the wrong side of index are ignored.
//
// An entry cannot exist after a tree holding it was cosigned, so t later
// than cover.At + tol is Ahead. An entry with index >= N was appended after
// the tree of size N was signed, which the witness cosigned at prior.At
// within its request timeout, so t earlier than prior.At - tol is Behind.
// A log whose witnesses were unreachable for a while is not named: its
// entries are cosigned late (after their time), never early.
func CheckDrift(origin string, index int64, t time.Time, cover, prior *Cosigned, tol time.Duration) *Drift {
	if tol <= 0 {
		tol = DefaultTolerance
	}
	if cover != nil && cover.Origin == origin && cover.TreeSize > index {
		if by := t.Sub(cover.At); by > tol {
			return named(&Drift{Kind: Ahead, Origin: origin, Index: index, Time: t, Cosigned: *cover, By: by.Round(time.Second), Tolerance: tol})
		}
	}
	if prior != nil && prior.Origin == origin && prior.TreeSize <= index {
		if by := prior.At.Sub(t); by > tol {
			return named(&Drift{Kind: Behind, Origin: origin, Index: index, Time: t, Cosigned: *prior, By: by.Round(time.Second), Tolerance: tol})
		}
	}
	return nil
}

func named(d *Drift) *Drift {
	d.Detail = d.String()
	return d
}
