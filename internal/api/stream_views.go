package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/stream"
)

// Record views on the live stream (stream/views.go, issue #19): before a
// live entry, GET /api/v1/stream sends the record the entry's subject names
// as the caller may see it — what GET on the record's API path would answer
// — so the UI applies the entry in place without a request per event.
//
// A record is read once per entry and view class, not once per subscriber:
// every read below depends on the caller only through viewClass (their
// party, role, co-chair seat, whether their party retired, and whether
// they are logged in); the services' reads decide releasability by those
// alone. The read audit is kept per caller: each delivered view of a
// sensitive record is recorded for its receiver (path "stream"; "webhook"
// for a webhook delivery, WebhookRecord).

// recordView is what one record read gives: the body GET would answer,
// and the audit of a delivery of it to a caller.
type recordView struct {
	body  json.RawMessage
	gone  bool
	audit func(p access.Principal, path string)
}

// viewReader reads one record as p may see it, as the type's GET handler
// does, returning with it the audit of its delivery to a receiver (nil
// for a record whose reads are not audited).
type viewReader func(ctx context.Context, p access.Principal, id string) (any, func(q access.Principal, path string), error)

// viewReaders reads one record of each type the UI follows, as p may see
// it, as the type's GET handler does (without its audit, returned instead).
func (s *Server) viewReaders() map[string]viewReader {
	d := s.deps
	return map[string]viewReader{
		"incident": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			in, err := d.Incidents.Get(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			view, err := d.Findings.Viewer(ctx)
			if err != nil {
				return nil, nil, err
			}
			f, err := view(ctx, p, in)
			if err != nil {
				return nil, nil, err
			}
			return incidentWithFinding{Incident: in, Finding: f.Status}, func(q access.Principal, path string) {
				d.Auditor.Record(q, in.Party, in.Release, "incident", in.ID, path)
			}, nil
		},
		"alert": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			a, err := d.Alerts.Get(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return a, func(q access.Principal, path string) { d.Auditor.Record(q, a.Party, a.Release, "alert", a.ID, path) }, nil
		},
		"site":     s.noticeReader(notify.TypeSite),
		"movement": s.noticeReader(notify.TypeMovement),
		"zone": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			z, err := d.Zones.Get(ctx, p, id)
			return z, nil, err
		},
		"message": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			if !p.Authenticated() {
				return nil, nil, fault.ErrUnauthenticated
			}
			m, err := d.Hotline.Get(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return m, func(q access.Principal, path string) { d.Auditor.Record(q, m.Party, m.Release, "message", m.ID, path) }, nil
		},
		"flightplan": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			pl, err := d.Flights.GetPlan(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return pl, func(q access.Principal, path string) {
				if !pl.Redacted {
					d.Auditor.Record(q, pl.Party, pl.Release, "flightplan", pl.ID, path)
				}
			}, nil
		},
		"reservation": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			x, err := d.Flights.GetReservation(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return x, func(q access.Principal, path string) {
				d.Auditor.Record(q, x.Party, x.Release, "reservation", x.ID, path)
			}, nil
		},
		"conflict": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			c, err := d.Flights.GetConflict(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return c, func(q access.Principal, path string) {
				for _, party := range c.AuditFor {
					if party != q.Party {
						d.Auditor.Record(q, party, c.Release, "conflict", c.ID, path)
					}
				}
			}, nil
		},
		"case": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			c, err := d.Cases.Get(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return c, func(q access.Principal, path string) {
				d.Auditor.Record(q, c.Concern.Notifier, c.Release, "case", c.ID, path)
			}, nil
		},
		// Agreements and passages: GET on their paths audits no read.
		"agreement": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			a, err := d.Agreements.Get(ctx, p, id)
			return a, nil, err
		},
		"passage": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
			x, err := d.Agreements.GetPassage(ctx, p, id)
			return x, nil, err
		},
	}
}

func (s *Server) noticeReader(t notify.Type) func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
	return func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal, string), error) {
		n, err := s.deps.Notify.Get(ctx, p, id)
		if err == nil && n.Type != t {
			err = fault.ErrNotFound
		}
		if err != nil {
			return nil, nil, err
		}
		return n, func(q access.Principal, path string) {
			s.deps.Auditor.Record(q, n.Party, n.Release, string(n.Type), n.ID, path)
		}, nil
	}
}

// viewClass is the part of a caller that every record read above depends
// on: two callers of one class are answered the same record.
func viewClass(p access.Principal) string {
	return strings.Join([]string{p.Party, string(p.Role), strconv.FormatBool(p.CoChair),
		strconv.FormatBool(p.Retired), strconv.FormatBool(p.Authenticated())}, "|")
}

// subjectRecord returns the UI type and id of the record subject names, or
// ok false for a subject of no type the UI follows.
func subjectRecord(subject string) (typ, id string, ok bool) {
	best := ""
	for t, prefix := range uiSubjects() {
		if prefix != "" && strings.HasPrefix(subject, prefix) && len(subject) > len(prefix) && len(prefix) > len(uiSubjects()[best]) {
			best = t
		}
	}
	if best == "" {
		return "", "", false
	}
	return best, subject[len(uiSubjects()[best]):], true
}

// streamView returns the SSEOptions.View of the node's stream: the
// "record" event of ev's subject as p may see it, read once per view
// class; nil when the subject names no record the UI follows or the read
// failed for another reason than the caller's sight (the client then reads
// the record itself).
func (s *Server) streamView(ctx context.Context) func(p access.Principal, ev *stream.Event) []byte {
	readers := s.viewReaders()
	return func(p access.Principal, ev *stream.Event) []byte {
		typ, id, ok := subjectRecord(ev.Entry.Subject)
		if !ok || readers[typ] == nil {
			return nil
		}
		rv, _ := ev.Memo(viewClass(p), func() any { return s.readView(ctx, readers[typ], p, ev.Entry.Subject, id) }).(*recordView)
		if rv == nil {
			return nil
		}
		if rv.audit != nil {
			rv.audit(p, "stream")
		}
		return (&stream.View{Seq: ev.EventID(), Type: typ, ID: id, Record: rv.body, Gone: rv.gone}).Frame()
	}
}

// readView reads record id with read as p may see it: its body, gone
// when p may not see it, or nil when the read failed otherwise.
func (s *Server) readView(ctx context.Context, read viewReader, p access.Principal, subject, id string) *recordView {
	v, audit, err := read(ctx, p, id)
	switch {
	case errors.Is(err, fault.ErrNotFound), errors.Is(err, fault.ErrForbidden), errors.Is(err, fault.ErrUnauthenticated):
		return &recordView{gone: true}
	case err != nil:
		s.log.DebugContext(ctx, "record view", "subject", subject, "err", err)
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil
	}
	return &recordView{body: bytes.TrimSpace(buf.Bytes()), audit: audit}
}

// WebhookRecord returns the record entry e is about as the webhook
// principal p may see it — what a delivery of e carries beside the entry
// (stream.DispatcherDeps.Records) — as a stream.View whose Seq is id: the
// record, or gone when p may not see it. It returns nil when e's subject
// names no record the UI follows or the read failed for another reason
// (the delivery then carries the entry alone). A sensitive record's
// delivery is audited for p (path "webhook"). It MUST only be called for
// an entry p may see.
func (s *Server) WebhookRecord(ctx context.Context, p access.Principal, id int64, e *ledger.Entry) *stream.View {
	typ, rid, ok := subjectRecord(e.Subject)
	if !ok {
		return nil
	}
	read := s.viewReaders()[typ]
	if read == nil {
		return nil
	}
	rv := s.readView(ctx, read, p, e.Subject, rid)
	if rv == nil {
		return nil
	}
	if rv.audit != nil {
		rv.audit(p, "webhook")
	}
	return &stream.View{Seq: id, Type: typ, ID: rid, Record: rv.body, Gone: rv.gone}
}
