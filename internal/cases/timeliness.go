package cases

import (
	"context"
	"fmt"
	"time"

	"truce/internal/federation/timeliness"
)

// Judge decides whether an answer was on time (timeliness.EntryJudge), as
// for notifications' receipts.
type Judge = timeliness.EntryJudge

// judgeAnswers fills OnTime of every answer of c and reads its request
// as answered_late when the verdict is late: dated after the deadline, or
// first cosigned in a checkpoint after deadline + tolerance, so that a
// party backdating its answer cannot make it on time. Without a judge it
// changes nothing (the entry's time alone decides, Mark).
func (s *Service) judgeAnswers(ctx context.Context, c *Case) error {
	if s.deps.Judge == nil {
		return nil
	}
	for i := range c.Requests {
		r := &c.Requests[i]
		v, ok, err := s.verdict(ctx, r)
		if err != nil {
			return fmt.Errorf("cases: %s: timeliness of %s's answer: %w", c.ID, r.Party, err)
		}
		if !ok {
			continue
		}
		a := *r.Answer // the store's copy stays as it was
		a.OnTime = &v
		r.Answer = &a
		r.Status = RequestAnswered
		if v.Status == timeliness.Late {
			r.Status = RequestLate
		}
	}
	return nil
}

// verdict returns the judge's verdict on r's answer; false if there is
// no judge, r has no answer or its times do not parse.
func (s *Service) verdict(ctx context.Context, r *Request) (timeliness.Verdict, bool, error) {
	if r.Answer == nil || s.deps.Judge == nil {
		return timeliness.Verdict{}, false, nil
	}
	at, err := time.Parse(time.RFC3339Nano, r.Answer.Time)
	if err != nil {
		return timeliness.Verdict{}, false, nil
	}
	due, err := time.Parse(time.RFC3339Nano, r.Deadline)
	if err != nil {
		return timeliness.Verdict{}, false, nil
	}
	v, err := s.deps.Judge.Judge(ctx, r.Answer.Seq, at, due)
	if err != nil {
		return timeliness.Verdict{}, false, err
	}
	return v, true, nil
}
