package cases

import (
	"encoding/json"
	"fmt"
	"time"

	"truce/internal/ledger"
)

// Apply folds one case entry into c and returns the result: the stored
// state of a case is the fold of its entries in log order, so that
// replaying the log rebuilds it. c is nil for case.opened and the case so
// far for the other kinds. Apply depends only on the entry (never on the
// clock); request statuses are computed when a case is read (Mark). It
// returns an error for an entry that does not fit c (the projection then
// refuses the entry).
func Apply(c *Case, e *ledger.Entry) (*Case, error) {
	if e.Kind == KindOpened {
		if c != nil {
			return nil, fmt.Errorf("cases: case.opened for an existing case %s", c.ID)
		}
		var p Opened
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return nil, fmt.Errorf("cases: payload of %s: %w", e.Kind, err)
		}
		c = &Case{ID: p.ID, Key: p.Key, Party: e.Party, Status: StatusOpen, Concern: p.Concern, Incident: p.Incident,
			AlertID: p.AlertID, Alleged: p.Alleged, Opened: e.Time, Release: e.Release, Requests: []Request{},
			Measures: []Measure{}, FirstSeq: e.Seq}
		for _, r := range p.Requests {
			c.Requests = append(c.Requests, Request{Party: r.Party, Sent: e.Time, Deadline: r.Deadline, Note: r.Note, Seq: e.Seq})
		}
		c.Seq = e.Seq
		return c, nil
	}
	if c == nil {
		return nil, fmt.Errorf("cases: %s #%d names no case", e.Kind, e.Seq)
	}
	out := *c
	out.Requests = append([]Request{}, c.Requests...)
	out.Measures = append([]Measure{}, c.Measures...)
	if err := applyTo(&out, e); err != nil {
		return nil, fmt.Errorf("cases: %s #%d on case %s: %w", e.Kind, e.Seq, c.ID, err)
	}
	out.Seq = e.Seq
	return &out, nil
}

func applyTo(c *Case, e *ledger.Entry) error {
	switch e.Kind {
	case KindRequestSent:
		var p RequestSent
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return err
		}
		if c.Request(p.Party) != nil {
			return fmt.Errorf("party %s already has a request", p.Party)
		}
		c.Requests = append(c.Requests, Request{Party: p.Party, Sent: e.Time, Deadline: p.Deadline, Note: p.Note, Seq: e.Seq})
	case KindAnswered:
		var p Answered
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return err
		}
		r := c.Request(p.Party)
		if r == nil || r.Answer != nil {
			return fmt.Errorf("party %s has no unanswered request", p.Party)
		}
		r.Answer = &Answer{Text: p.Text, Evidence: p.Evidence, Author: e.Author, Time: e.Time, Seq: e.Seq}
	case KindMeasureRecorded:
		var p MeasureRecorded
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return err
		}
		if c.Measure(p.ID) != nil {
			return fmt.Errorf("measure %s exists", p.ID)
		}
		c.Measures = append(c.Measures, Measure{ID: p.ID, Party: p.Party, Author: e.Author, Text: p.Text, State: p.State,
			Created: e.Time, Updated: e.Time, Seq: e.Seq})
	case KindMeasureUpdated:
		var p MeasureUpdated
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return err
		}
		m := c.Measure(p.ID)
		if m == nil {
			return fmt.Errorf("no measure %s", p.ID)
		}
		m.State, m.Note, m.Updated, m.Seq = p.State, p.Note, e.Time, e.Seq
	case KindClosed:
		var p Closed
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return err
		}
		if c.Outcome != nil {
			return fmt.Errorf("already closed")
		}
		c.Status = StatusClosed
		c.Outcome = &Outcome{Finding: p.Finding, Party: e.Party, Author: e.Author, Time: e.Time, Seq: e.Seq}
	default:
		return fmt.Errorf("not a case entry")
	}
	return nil
}

// Mark sets the status of each request of c as of now: answered (on time
// or late), pending, overdue, or withdrawn for a party in gone (one that
// has left the centre; it is never overdue).
func Mark(c *Case, now time.Time, gone map[string]bool) {
	for i := range c.Requests {
		c.Requests[i].Status = requestStatus(&c.Requests[i], now, gone[c.Requests[i].Party])
	}
}

func requestStatus(r *Request, now time.Time, gone bool) string {
	due, err := time.Parse(time.RFC3339Nano, r.Deadline)
	if r.Answer != nil {
		at, err2 := time.Parse(time.RFC3339Nano, r.Answer.Time)
		if err == nil && err2 == nil && at.After(due) {
			return RequestLate
		}
		return RequestAnswered
	}
	switch {
	case gone:
		return RequestWithdrawn
	case err == nil && now.After(due):
		return RequestOverdue
	}
	return RequestPending
}
