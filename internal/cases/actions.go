package cases

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Limits of the texts of a case.
const (
	maxText     = 8000
	maxEvidence = 20
)

// write appends one entry of kind about case id, logged under by's party
// and released like the case, after rule (run on the case as stored,
// inside the write) allows it, and, if match is not 0, only while the
// case's Seq is match. It returns the case as by then sees it. Errors:
// fault.ErrNotFound if by may not see the case, fault.ErrPrecondition
// for a stale match, rule's errors.
func (s *Service) write(ctx context.Context, by access.Principal, id, kind string, match int64, payload any, rule func(c *Case, cen centre) error) (*Case, error) {
	c, err := s.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	cen, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	if err := rule(c, cen); err != nil {
		return nil, err
	}
	_, err = s.deps.Log.Append(ctx, ledger.Change{
		Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: kind, Subject: Subject(id), Release: c.Release, Payload: payload},
		Check: func(ctx context.Context, q ledger.Querier) error {
			cur, err := s.deps.Store.Case(ctx, q, id)
			if err != nil {
				return err
			}
			if match != 0 && cur.Seq != match {
				return refuse(fault.ErrPrecondition, "the case has changed since version %d; reload it", match)
			}
			Mark(cur, s.deps.Now(), cen.gone())
			return rule(cur, cen)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("cases: %s on %s: %w", kind, id, err)
	}
	return s.Get(ctx, by, id)
}

// steward reports whether by's party looks after case c: its notifier or
// the UN monitoring cell.
func steward(c *Case, cen centre, party string) bool {
	return party == c.Concern.Notifier || cen.monitor(party)
}

func refuse(kind error, format string, args ...any) error {
	return &fault.RefusalError{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

func text(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if (required && s == "") || len(s) > maxText {
		return "", fault.Invalid(field, "a text of 1 to %d bytes is required", maxText)
	}
	return s, nil
}

// Request asks party for information on case id, due within the
// configured time. Only a liaison or analyst of the notifier or of the UN
// monitoring cell asks; party must be an active member that may see the
// case and has no request yet. Errors: fault.ErrForbidden,
// fault.ErrNotFound, *fault.InvalidError, fault.ErrConflict (a request
// exists, or the case is closed).
func (s *Service) Request(ctx context.Context, by access.Principal, id, party, note string) (*Case, error) {
	if err := by.Require(access.RoleLiaison, access.RoleAnalyst); err != nil {
		return nil, fmt.Errorf("cases: request on %s: %w", id, err)
	}
	note, err := text("note", note, false)
	if err != nil {
		return nil, err
	}
	p := &RequestSent{CaseID: id, Party: party, Note: note, Deadline: s.deps.Now().Add(s.deps.Config.RequestWithin).UTC().Format(time.RFC3339)}
	return s.write(ctx, by, id, KindRequestSent, 0, p, func(c *Case, cen centre) error {
		switch {
		case !steward(c, cen, by.Party):
			return refuse(fault.ErrForbidden, "only the notifier (%s) or the UN monitoring cell asks for information on this case", c.Concern.Notifier)
		case !cen.active(party) || !c.Release.VisibleTo(party):
			return fault.Invalid("party", "%q is not a member party that may see this case", party)
		case c.Status != StatusOpen:
			return refuse(fault.ErrConflict, "the case is closed")
		case c.Request(party) != nil:
			return refuse(fault.ErrConflict, "party %s has a request on this case already", party)
		}
		return nil
	})
}

// AnswerInput is a party's answer: a text and the SHA-256 of evidence
// files uploaded before (POST /api/v1/evidence).
type AnswerInput struct {
	Text     string   `json:"text"`
	Evidence []string `json:"evidence"`
}

// Answer records by's party's answer to its request on case id, by its
// liaison. An answer, on time or late, never closes the case. Errors:
// fault.ErrForbidden (not a liaison, or its party has no request),
// fault.ErrNotFound, *fault.InvalidError, fault.ErrConflict (answered
// already).
func (s *Service) Answer(ctx context.Context, by access.Principal, id string, in AnswerInput) (*Case, error) {
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("cases: answer on %s: %w", id, err)
	}
	t, err := text("text", in.Text, true)
	if err != nil {
		return nil, err
	}
	if len(in.Evidence) > maxEvidence {
		return nil, fault.Invalid("evidence", "at most %d files", maxEvidence)
	}
	for i, h := range in.Evidence {
		if b, err := hex.DecodeString(h); err != nil || len(b) != 32 || h != strings.ToLower(h) {
			return nil, fault.Invalid(fmt.Sprintf("evidence[%d]", i), "must be the lowercase hex SHA-256 of an uploaded file")
		}
		if s.deps.Evidence == nil || !s.deps.Evidence(h) {
			return nil, fault.Invalid(fmt.Sprintf("evidence[%d]", i), "no uploaded file has this SHA-256; upload it first")
		}
	}
	p := &Answered{CaseID: id, Party: by.Party, Text: t, Evidence: slices.Compact(slices.Sorted(slices.Values(in.Evidence)))}
	return s.write(ctx, by, id, KindAnswered, 0, p, func(c *Case, _ centre) error {
		r := c.Request(by.Party)
		switch {
		case r == nil:
			return refuse(fault.ErrForbidden, "party %s was asked nothing on this case", by.Party)
		case r.Answer != nil:
			return refuse(fault.ErrConflict, "party %s has answered already", by.Party)
		}
		return nil
	})
}

// MeasureInput is a corrective measure to record.
type MeasureInput struct {
	Text  string `json:"text"`
	State string `json:"state"` // default proposed
}

// RecordMeasure records a corrective measure on open case id, taken (or
// proposed) by by's party: one that was asked for information, the
// notifier, or the UN monitoring cell, by a liaison or analyst. Errors:
// fault.ErrForbidden, fault.ErrNotFound, *fault.InvalidError,
// fault.ErrConflict (the case is closed).
func (s *Service) RecordMeasure(ctx context.Context, by access.Principal, id string, in MeasureInput) (*Case, error) {
	if err := by.Require(access.RoleLiaison, access.RoleAnalyst); err != nil {
		return nil, fmt.Errorf("cases: measure on %s: %w", id, err)
	}
	t, err := text("text", in.Text, true)
	if err != nil {
		return nil, err
	}
	if in.State == "" {
		in.State = MeasureProposed
	}
	if !slices.Contains(MeasureStates, in.State) {
		return nil, fault.Invalid("state", "%q is not a measure state; use one of %v", in.State, MeasureStates)
	}
	p := &MeasureRecorded{CaseID: id, ID: access.NewID("msr"), Party: by.Party, Text: t, State: in.State}
	return s.write(ctx, by, id, KindMeasureRecorded, 0, p, func(c *Case, cen centre) error {
		switch {
		case c.Request(by.Party) == nil && !steward(c, cen, by.Party):
			return refuse(fault.ErrForbidden, "only a party asked on this case, the notifier or the UN monitoring cell records measures")
		case c.Status != StatusOpen:
			return refuse(fault.ErrConflict, "the case is closed")
		}
		return nil
	})
}

// UpdateMeasure moves measure mid of open case id to state, by a liaison
// or analyst of the party that recorded it, the notifier or the UN
// monitoring cell, while the case's Seq is match (its ETag). A done or
// rejected measure stays so. Errors as RecordMeasure's,
// fault.ErrNotFound for an unknown measure, fault.ErrPrecondition for a
// stale match.
func (s *Service) UpdateMeasure(ctx context.Context, by access.Principal, id, mid string, match int64, state, note string) (*Case, error) {
	if err := by.Require(access.RoleLiaison, access.RoleAnalyst); err != nil {
		return nil, fmt.Errorf("cases: measure on %s: %w", id, err)
	}
	if !slices.Contains(MeasureStates, state) {
		return nil, fault.Invalid("state", "%q is not a measure state; use one of %v", state, MeasureStates)
	}
	note, err := text("note", note, false)
	if err != nil {
		return nil, err
	}
	p := &MeasureUpdated{CaseID: id, ID: mid, State: state, Note: note}
	return s.write(ctx, by, id, KindMeasureUpdated, match, p, func(c *Case, cen centre) error {
		m := c.Measure(mid)
		switch {
		case m == nil:
			return fmt.Errorf("cases: measure %s: %w", mid, fault.ErrNotFound)
		case m.Party != by.Party && !steward(c, cen, by.Party):
			return refuse(fault.ErrForbidden, "only %s, the notifier or the UN monitoring cell updates this measure", m.Party)
		case c.Status != StatusOpen:
			return refuse(fault.ErrConflict, "the case is closed")
		case Final(m.State):
			return refuse(fault.ErrConflict, "the measure is %s already", m.State)
		case m.State == state:
			return refuse(fault.ErrConflict, "the measure is %s already", state)
		}
		return nil
	})
}

// Close records the outcome of case id with its finding, by a liaison or
// analyst of the notifier's organisation or the UN monitoring cell, while
// the case's Seq is match (its ETag). Errors: fault.ErrForbidden,
// fault.ErrNotFound, *fault.InvalidError, fault.ErrConflict (closed
// already), fault.ErrPrecondition for a stale match.
func (s *Service) Close(ctx context.Context, by access.Principal, id string, match int64, finding string) (*Case, error) {
	if err := by.Require(access.RoleLiaison, access.RoleAnalyst); err != nil {
		return nil, fmt.Errorf("cases: close %s: %w", id, err)
	}
	f, err := text("finding", finding, true)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, by, id, KindClosed, match, &Closed{CaseID: id, Finding: f}, func(c *Case, cen centre) error {
		switch {
		case !steward(c, cen, by.Party):
			return refuse(fault.ErrForbidden, "only the notifier (%s) or the UN monitoring cell closes this case", c.Concern.Notifier)
		case c.Status != StatusOpen:
			return refuse(fault.ErrConflict, "the case is closed already")
		}
		return nil
	})
}
