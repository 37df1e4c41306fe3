package notify

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/federation/joint"
)

// JointHistory is what Deps.Joint returns for a notice's subject: every
// entry about it the node holds verified (its own log's within its tree,
// each mirror's within the accepted checkpoint), unfiltered, in the joint
// order; the logs they were read from, the node's own first; and Pos,
// which maps an entry (origin, index) to its place on this node's
// timeline, the number this node's routes and projections know it by
// (false if it has none).
type JointHistory struct {
	Entries []joint.Entry
	From    []joint.Log
	Pos     func(origin string, index int64) (int64, bool)
}

// jointNotice returns the notice by reads as id, with its receipts,
// queries and status computed by Fold from the entries by may see across
// the logs the node holds, every Seq read back as this node's timeline
// place, and ComputedFrom set. The notice's ETag (Seq, FirstSeq) stays
// the projection's: a write is checked against what this node applied.
// Where the held trees do not yet hold the notification (a catch-up
// under way), n is returned as this node applied it.
func (s *Service) jointNotice(ctx context.Context, by access.Principal, n *Notice) (*Notice, error) {
	h, err := s.joint(ctx, n.Subject())
	if err != nil {
		return nil, fmt.Errorf("notify: %s: joint history: %w", n.ID, err)
	}
	es := make([]joint.Entry, 0, len(h.Entries))
	for _, e := range h.Entries {
		if by.CanSee(e.Entry.Release) {
			es = append(es, e)
		}
	}
	f := Fold(n.ID, es)
	if f == nil {
		return n, nil
	}
	local := func(origin string, index int64) int64 {
		if p, ok := h.Pos(origin, index); ok {
			return p
		}
		return index
	}
	for i := range f.Acks {
		a := &f.Acks[i]
		a.Seq = local(a.Origin, a.Seq)
		if a.PassedOn != nil {
			a.PassedOn.Seq = local(a.PassedOn.origin, a.PassedOn.Seq)
		}
	}
	for i := range f.Queries {
		q := &f.Queries[i]
		if q.AnswerSeq != 0 || q.Answered != "" {
			q.AnswerSeq = local(f.Origin, q.AnswerSeq)
		}
		q.Seq = local(q.Origin, q.Seq)
	}
	f.Seq, f.FirstSeq, f.Origin, f.Release = n.Seq, n.FirstSeq, n.Origin, n.Release
	f.ComputedFrom = h.From
	return f, nil
}
