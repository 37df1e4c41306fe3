package notify

import (
	"context"
	"fmt"
	"time"

	"truce/internal/federation/timeliness"
)

// Judge decides whether an acknowledgement was on time (timeliness.EntryJudge).
type Judge = timeliness.EntryJudge

// judgeAcks fills OnTime of every acknowledgement of n that was given, and
// reads it as late unless the verdict is on time, unproven yet or
// unproven for want of a witness (see timeliness.Judge). Without a judge
// it changes nothing: Late then says only what the entry's time says.
func (s *Service) judgeAcks(ctx context.Context, n *Notice) error {
	if s.judge == nil {
		return nil
	}
	for i := range n.Acks {
		a := &n.Acks[i]
		if a.Status != AckAcknowledged || a.Responded == "" {
			continue
		}
		rt, err := time.Parse(time.RFC3339Nano, a.Responded)
		if err != nil {
			return fmt.Errorf("notify: %s: receipt time of %s: %w", n.ID, a.Party, err)
		}
		dl, err := time.Parse(time.RFC3339Nano, a.Deadline)
		if err != nil {
			return fmt.Errorf("notify: %s: deadline of %s: %w", n.ID, a.Party, err)
		}
		v, err := s.judge.Judge(ctx, a.Seq, rt, dl)
		if err != nil {
			return fmt.Errorf("notify: %s: timeliness of %s's receipt: %w", n.ID, a.Party, err)
		}
		a.OnTime = &v
		a.Late = v.Status == timeliness.Late
	}
	return nil
}

// mark fills the computed fields of ns as of now: the pending receipts of
// the parties in gone read AckWithdrawn, the others overdue or late
// against their deadlines, and the receipts given their timeliness.
func (s *Service) mark(ctx context.Context, ns []Notice, gone map[string]bool) error {
	now := s.now()
	for i := range ns {
		ns[i].markOverdue(now, gone)
		if err := s.judgeAcks(ctx, &ns[i]); err != nil {
			return err
		}
	}
	return nil
}
