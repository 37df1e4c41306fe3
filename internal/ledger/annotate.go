package ledger

import "context"

// Annotator is implemented by a BatchTx that completes a change's payload
// from what the store holds, inside the write transaction: the store of a
// party node adds to a statement about a record another node holds the
// citations of that record's entries (package federation/cite), and
// refuses a payload whose citations name entries it does not hold
// verified.
//
// The sequencer calls Annotate with each change's canonical payload after
// the change's Bind and Check and before it seals the entry; the payload
// returned (canonical, the same bytes when nothing is added) is the one
// logged. An error aborts the whole Append, which then changes nothing.
// Annotate MUST be deterministic in what the transaction sees and MUST NOT
// write.
type Annotator interface {
	Annotate(ctx context.Context, d *Draft, payload []byte) ([]byte, error)
}
