package hotline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Parties looks up member parties (accounts.Store satisfies it).
type Parties interface {
	Party(ctx context.Context, q ledger.Querier, id string) (*accounts.Party, error)
	Parties(ctx context.Context) ([]accounts.Party, error)
}

// Filter selects messages; zero fields select everything the caller sees.
type Filter struct {
	// Box is "inbox" (to the caller's party), "outbox" (from it) or "".
	Box string
	// Unacknowledged keeps messages the caller's party has yet to
	// acknowledge.
	Unacknowledged bool
	Limit          int
}

// Store is what the service needs from storage. It decides no visibility.
type Store interface {
	// Message returns message id with its receipts; fault.ErrNotFound
	// (wrapped) if none.
	Message(ctx context.Context, q ledger.Querier, id string) (*Message, error)
	// MessagesBefore returns up to limit messages matching f (f.Limit
	// ignored) for viewer's party, newest first by SentSeq then ID (both
	// descending), strictly after the position after (nil for the start).
	MessagesBefore(ctx context.Context, f Filter, viewer string, after *Cursor, limit int) ([]Message, error)
}

// Service sends and reads hotline messages.
type Service struct {
	store       Store
	log         Appender
	parties     Parties
	attachments *AttachmentStore
	now         func() time.Time
	logger      *slog.Logger
}

// Deps are what the hotline service is built from. Store, Log, Parties
// and Attachments are required; Now defaults to time.Now and Logger to
// slog.Default.
type Deps struct {
	Store       Store
	Log         Appender
	Parties     Parties
	Attachments *AttachmentStore
	Now         func() time.Time
	Logger      *slog.Logger
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{store: d.Store, log: d.Log, parties: d.Parties, attachments: d.Attachments, now: d.Now, logger: d.Logger}
}

// Attachments returns the attachment store.
func (s *Service) Attachments() *AttachmentStore { return s.attachments }

// NewMessage is the body of a message to send.
type NewMessage struct {
	To          string       `json:"to"`
	Priority    Priority     `json:"priority"`
	Subject     string       `json:"subject"`
	Body        string       `json:"body"`
	InReplyTo   string       `json:"in_reply_to,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// TLP is AMBER (default), AMBER+STRICT or RED.
	TLP access.TLP `json:"tlp,omitempty"`
}

// Send sends a message from by's party (by must be its liaison). Returns
// *fault.InvalidError for bad input (unknown recipient, attachment not
// uploaded, …).
func (s *Service) Send(ctx context.Context, by access.Principal, in NewMessage) (*Message, error) {
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("hotline: send: %w", err)
	}
	if in.Priority == "" {
		in.Priority = PriorityRoutine
	}
	if !in.Priority.Valid() {
		return nil, fault.Invalid("priority", "%q is not a priority; use one of %v", in.Priority, Priorities)
	}
	if strings.TrimSpace(in.Subject) == "" || len(in.Subject) > 300 {
		return nil, fault.Invalid("subject", "a subject of 1–300 bytes")
	}
	if len(in.Body) > 64<<10 {
		return nil, fault.Invalid("body", "at most 64 KiB")
	}
	if in.TLP == "" {
		in.TLP = access.TLPAmber
	}
	if in.TLP != access.TLPAmber && in.TLP != access.TLPAmberStrict && in.TLP != access.TLPRed {
		return nil, fault.Invalid("tlp", "a hotline message is AMBER, AMBER+STRICT or RED")
	}
	if len(in.Attachments) > 16 {
		return nil, fault.Invalid("attachments", "at most 16")
	}
	for i, a := range in.Attachments {
		d, err := s.attachments.Describe(a.SHA256)
		if err != nil {
			return nil, fault.Invalid(fmt.Sprintf("attachments[%d].sha256", i), "no uploaded attachment %q; upload it first to POST /api/v1/messages/attachments", a.SHA256)
		}
		if len(a.Name) > 255 {
			return nil, fault.Invalid(fmt.Sprintf("attachments[%d].name", i), "at most 255 bytes")
		}
		d.Name = a.Name
		in.Attachments[i] = d
	}
	if in.Attachments == nil {
		in.Attachments = []Attachment{}
	}
	recipients, err := s.recipients(ctx, by, in.To)
	if err != nil {
		return nil, err
	}
	if in.InReplyTo != "" {
		if _, err := s.Get(ctx, by, in.InReplyTo); err != nil {
			return nil, fault.Invalid("in_reply_to", "no message %q that you may see", in.InReplyTo)
		}
	}
	now := s.now()
	id := access.NewID("msg")
	payload := &Sent{ID: id, To: in.To, Recipients: recipients, Priority: in.Priority, Subject: in.Subject, Body: in.Body,
		InReplyTo: in.InReplyTo, Attachments: in.Attachments, Deadline: now.Add(in.Priority.AckWithin()).UTC().Format(time.RFC3339Nano)}
	rel := access.Releasability{TLP: in.TLP, Audience: recipients}
	if _, err := s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindSent,
		Subject: Subject(id), Release: rel, Payload: payload}}); err != nil {
		return nil, fmt.Errorf("hotline: send: %w", err)
	}
	return s.Get(ctx, by, id)
}

// recipients resolves a To address.
func (s *Service) recipients(ctx context.Context, by access.Principal, to string) ([]string, error) {
	if to == ToCoChairs {
		ps, err := s.parties.Parties(ctx)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, p := range ps {
			if p.CoChair && p.ID != by.Party {
				out = append(out, p.ID)
			}
		}
		if len(out) == 0 {
			return nil, fault.Invalid("to", "there is no co-chair to send to")
		}
		return out, nil
	}
	if to == "" || to == by.Party {
		return nil, fault.Invalid("to", "a party id other than your own, or %q", ToCoChairs)
	}
	if _, err := s.parties.Party(ctx, nil, to); err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, fault.Invalid("to", "unknown party %q", to)
		}
		return nil, err
	}
	return []string{to}, nil
}

// Get returns message id if by may see it, else fault.ErrNotFound.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Message, error) {
	m, err := s.store.Message(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("hotline: %s: %w", id, err)
	}
	if !by.CanSee(m.Release) {
		return nil, fmt.Errorf("hotline: %s: %w", id, fault.ErrNotFound)
	}
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	m.markOverdue(s.now(), gone)
	return m, nil
}

// withdrawn returns the parties that have left the centre (retired).
func (s *Service) withdrawn(ctx context.Context) (map[string]bool, error) {
	ps, err := s.parties.Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("hotline: parties: %w", err)
	}
	out := map[string]bool{}
	for _, p := range ps {
		if p.Retired != "" {
			out[p.ID] = true
		}
	}
	return out, nil
}

// MarkRead records by's party's read receipt (any user of a recipient
// party). Only the first read is recorded; later calls return the message
// unchanged. Returns fault.ErrNotFound if by may not see it and
// fault.ErrForbidden if by's party is not a recipient.
func (s *Service) MarkRead(ctx context.Context, by access.Principal, id string) (*Message, error) {
	return s.receipt(ctx, by, id, KindRead, "")
}

// Acknowledge records by's party's acknowledgement (by must be its
// liaison). Returns fault.ErrConflict if already acknowledged.
func (s *Service) Acknowledge(ctx context.Context, by access.Principal, id, note string) (*Message, error) {
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("hotline: acknowledge %s: %w", id, err)
	}
	if len(note) > 4000 {
		return nil, fault.Invalid("note", "at most 4000 bytes")
	}
	return s.receipt(ctx, by, id, KindAcknowledged, note)
}

func (s *Service) receipt(ctx context.Context, by access.Principal, id, kind, note string) (*Message, error) {
	if !by.Authenticated() {
		return nil, fault.ErrUnauthenticated
	}
	m, err := s.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	r := m.Receipt(by.Party)
	if r == nil {
		return nil, fmt.Errorf("hotline: party %s is not a recipient of %s: %w", by.Party, id, fault.ErrForbidden)
	}
	if kind == KindRead && r.Read != "" {
		return m, nil
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.store.Message(ctx, q, id)
		if err != nil {
			return err
		}
		r := cur.Receipt(by.Party)
		if kind == KindAcknowledged && r.Acknowledged != "" {
			return fault.Conflictf("party %s already acknowledged %s", by.Party, id)
		}
		if kind == KindRead && r.Read != "" {
			return fault.ErrConflict
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: kind,
		Subject: Subject(id), Release: m.Release, Payload: &Receipted{ID: id, Party: by.Party, Note: note}}, Check: check})
	if err != nil && !(kind == KindRead && errors.Is(err, fault.ErrConflict)) {
		return nil, fmt.Errorf("hotline: %s %s: %w", kind, id, err)
	}
	return s.Get(ctx, by, id)
}

// Attachment opens attachment sha of message id for by: only if by may see
// a message that carries it.
func (s *Service) Attachment(ctx context.Context, by access.Principal, id, sha string) (*Attachment, error) {
	m, err := s.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(m.Attachments, func(a Attachment) bool { return a.SHA256 == sha })
	if i < 0 {
		return nil, fmt.Errorf("hotline: attachment %s of %s: %w", sha, id, fault.ErrNotFound)
	}
	return &m.Attachments[i], nil
}
