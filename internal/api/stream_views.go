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
// sensitive record is recorded for its receiver (path "stream").

// recordView is what one record read gives: the body GET would answer,
// and the audit of a delivery of it to a caller.
type recordView struct {
	body  json.RawMessage
	gone  bool
	audit func(p access.Principal)
}

// viewReaders reads one record of each type the UI follows, as p may see
// it, as the type's GET handler does (without its audit, returned instead).
func (s *Server) viewReaders() map[string]func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
	d := s.deps
	return map[string]func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error){
		"incident": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
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
			return incidentWithFinding{Incident: in, Finding: f.Status}, func(q access.Principal) {
				d.Auditor.Record(q, in.Party, in.Release, "incident", in.ID, "stream")
			}, nil
		},
		"alert": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
			a, err := d.Alerts.Get(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return a, func(q access.Principal) { d.Auditor.Record(q, a.Party, a.Release, "alert", a.ID, "stream") }, nil
		},
		"site":     s.noticeReader(notify.TypeSite),
		"movement": s.noticeReader(notify.TypeMovement),
		"zone": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
			z, err := d.Zones.Get(ctx, p, id)
			return z, nil, err
		},
		"message": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
			if !p.Authenticated() {
				return nil, nil, fault.ErrUnauthenticated
			}
			m, err := d.Hotline.Get(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return m, func(q access.Principal) { d.Auditor.Record(q, m.Party, m.Release, "message", m.ID, "stream") }, nil
		},
		"flightplan": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
			pl, err := d.Flights.GetPlan(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return pl, func(q access.Principal) {
				if !pl.Redacted {
					d.Auditor.Record(q, pl.Party, pl.Release, "flightplan", pl.ID, "stream")
				}
			}, nil
		},
		"reservation": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
			x, err := d.Flights.GetReservation(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return x, func(q access.Principal) { d.Auditor.Record(q, x.Party, x.Release, "reservation", x.ID, "stream") }, nil
		},
		"conflict": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
			c, err := d.Flights.GetConflict(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return c, func(q access.Principal) {
				for _, party := range c.AuditFor {
					if party != q.Party {
						d.Auditor.Record(q, party, c.Release, "conflict", c.ID, "stream")
					}
				}
			}, nil
		},
		"case": func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
			c, err := d.Cases.Get(ctx, p, id)
			if err != nil {
				return nil, nil, err
			}
			return c, func(q access.Principal) { d.Auditor.Record(q, c.Concern.Notifier, c.Release, "case", c.ID, "stream") }, nil
		},
	}
}

func (s *Server) noticeReader(t notify.Type) func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
	return func(ctx context.Context, p access.Principal, id string) (any, func(access.Principal), error) {
		n, err := s.deps.Notify.Get(ctx, p, id)
		if err == nil && n.Type != t {
			err = fault.ErrNotFound
		}
		if err != nil {
			return nil, nil, err
		}
		return n, func(q access.Principal) { s.deps.Auditor.Record(q, n.Party, n.Release, string(n.Type), n.ID, "stream") }, nil
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
		if !ok {
			return nil
		}
		read := readers[typ]
		if read == nil {
			return nil
		}
		rv, _ := ev.Memo(viewClass(p), func() any {
			v, audit, err := read(ctx, p, id)
			switch {
			case errors.Is(err, fault.ErrNotFound), errors.Is(err, fault.ErrForbidden), errors.Is(err, fault.ErrUnauthenticated):
				return &recordView{gone: true}
			case err != nil:
				s.log.DebugContext(ctx, "stream: record view", "subject", ev.Entry.Subject, "err", err)
				return (*recordView)(nil)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				return (*recordView)(nil)
			}
			return &recordView{body: bytes.TrimSpace(buf.Bytes()), audit: audit}
		}).(*recordView)
		if rv == nil {
			return nil
		}
		if rv.audit != nil {
			rv.audit(p)
		}
		return (&stream.View{Seq: ev.EventID(), Type: typ, ID: id, Record: rv.body, Gone: rv.gone}).Frame()
	}
}
