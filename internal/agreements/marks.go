package agreements

import (
	"context"

	"truce/internal/ledger"
)

// The timelines a Marks keeps a watermark of.
const (
	// TimelineOwn is the own log: a mark is a sequence number.
	TimelineOwn = "own"
	// TimelineMirror is the local timeline of the mirrored entries this
	// node applied: a mark is a position (store.MirrorBase + k).
	TimelineMirror = "mirror"
)

// Marks keeps, node-locally, how far the Recorder has judged each
// timeline, and reads back what came after, so that the catch-up at start
// judges only that (CatchUp).
type Marks interface {
	// Mark returns the mark of timeline: every incident and agreed version
	// at or before it was judged and its breaches are in the log. It
	// returns -1 when none was ever set.
	Mark(ctx context.Context, timeline string) (int64, error)
	// SetMark raises the mark of timeline to at; a lower at changes
	// nothing (marks only grow).
	SetMark(ctx context.Context, timeline string, at int64) error
	// EntriesAfter calls fn with each own entry of one of kinds whose
	// sequence number is after after: kind by kind, each in log order.
	EntriesAfter(ctx context.Context, kinds []string, after int64, fn func(*ledger.Entry) error) error
	// MirroredAfter calls fn, in timeline order, with the position and
	// subject of each mirrored entry applied after position after.
	MirroredAfter(ctx context.Context, after int64, fn func(pos int64, subject string) error) error
}
