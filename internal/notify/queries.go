package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/cite"
	"truce/internal/ledger"
)

// Query is a question a notified party raised about a notice's data ("these
// coordinates are in the sea") and the notifier's answer. A query never
// changes the notice's status or anyone's acknowledgement.
type Query struct {
	// Seq is the log entry that raised the query: its identifier.
	Seq     int64  `json:"seq"`
	Party   string `json:"party"`
	Author  string `json:"author"`
	Version int    `json:"version"`
	Text    string `json:"text"`
	Raised  string `json:"raised"`
	// Answer, Answered, AnswerAuthor and AnswerSeq are empty until the
	// notifier answers.
	Answer       string `json:"answer,omitempty"`
	Answered     string `json:"answered,omitempty"`
	AnswerAuthor string `json:"answer_author,omitempty"`
	AnswerSeq    int64  `json:"answer_seq,omitempty"`
	// Legacy marks a refusal recorded by an earlier version of truce, read
	// as a query.
	Legacy bool `json:"legacy,omitempty"`
	// Origin is the origin (a party node's log) of the entry that raised
	// the query, where the notice was computed jointly (Notice.ComputedFrom).
	Origin string `json:"origin,omitempty"`
}

// Queried is the payload of site.queried and movement.queried.
type Queried struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Party   string `json:"party"`
	Text    string `json:"text"`
}

// Answered is the payload of site.answered and movement.answered: the
// notifier's answer to the query raised by log entry Query.
type Answered struct {
	ID    string `json:"id"`
	Query int64  `json:"query"`
	Text  string `json:"text"`
	// Cites names the query's entry when it is a peer's (Query then a
	// place on the answering node's timeline only it can read), so that
	// every node matches the answer to its query (Fold).
	Cites []cite.Citation `json:"cites,omitempty"`
}

// Query returns the query raised by entry seq, or nil.
func (n *Notice) Query(seq int64) *Query {
	i := slices.IndexFunc(n.Queries, func(q Query) bool { return q.Seq == seq })
	if i < 0 {
		return nil
	}
	return &n.Queries[i]
}

func validQueryText(field, v string) error {
	if strings.TrimSpace(v) == "" || len(v) > maxText {
		return fault.Invalid(field, "write 1–%d bytes", maxText)
	}
	return nil
}

// RaiseQuery records a question by's party (by must be its liaison) asks
// about version of notice id; the notifier answers it with AnswerQuery.
// The notice's status and every acknowledgement stay as they were. The
// same errors as Acknowledge apply, and *fault.InvalidError for empty text.
func (s *Service) RaiseQuery(ctx context.Context, by access.Principal, t Type, id string, version int, text string) (*Notice, error) {
	if err := validQueryText("text", text); err != nil {
		return nil, err
	}
	return s.answer(ctx, by, t, id, version, "query", "queried", nil,
		&Queried{ID: id, Version: version, Party: by.Party, Text: text})
}

// AnswerQuery records the notifier's answer to the query raised by entry
// seq on notice id (only the notifying party's reporters and liaisons may
// answer). Returns fault.ErrNotFound if the notice has no such query,
// fault.ErrConflict if it is already answered, *fault.InvalidError for
// empty text.
func (s *Service) AnswerQuery(ctx context.Context, by access.Principal, t Type, id string, seq int64, text string) (*Notice, error) {
	if err := validQueryText("text", text); err != nil {
		return nil, err
	}
	if err := s.canNotify(ctx, by); err != nil {
		return nil, wrapErr("answer", id, err)
	}
	n, err := s.load(ctx, nil, by, t, id)
	if err != nil {
		return nil, wrapErr("answer", id, err)
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		n, err := s.load(ctx, q, by, t, id)
		if err != nil {
			return err
		}
		if n.Party != by.Party {
			return fmt.Errorf("only the notifying party %s may answer: %w", n.Party, fault.ErrForbidden)
		}
		qu := n.Query(seq)
		switch {
		case qu == nil:
			return fmt.Errorf("query %d on %s: %w", seq, id, fault.ErrNotFound)
		case qu.AnswerSeq != 0:
			return fault.Conflictf("query %d is already answered", seq)
		}
		return nil
	}
	p := &Answered{ID: id, Query: seq, Text: text}
	if seq >= ownIndexBelow && s.cite != nil { // a peer's query: name its entry for every node
		c, err := s.cite(ctx, seq)
		if err != nil {
			return nil, wrapErr("answer", id, err)
		}
		p.Cites = []cite.Citation{c}
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: draft(by, t, "answered", id, n.Release, p), Check: check})
	if err != nil {
		return nil, wrapErr("answer", id, err)
	}
	return s.Get(ctx, by, id)
}
