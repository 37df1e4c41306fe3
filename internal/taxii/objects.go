package taxii

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/listing"
	"truce/internal/stix"
)

// object is one STIX object of the collection as a caller sees it.
type object struct {
	raw                    json.RawMessage
	id, typ, spec, version string
	added                  time.Time
	at                     listing.Cursor
	incident               *incidents.Incident
}

// errStop ends a scan of the log once a fetch holds enough objects.
var errStop = errors.New("taxii: enough objects")

// fetch returns up to n objects that p may see, added after the position
// after (nil: from the first entry) and, with q.addedAfter, after that
// time. An incident's objects are added at the entry whose sequence
// number is the incident's Seq (the last entry that changed it), so each
// incident appears once, at its latest change; an incident p may not see
// is passed over without a trace.
func (s *Server) fetch(ctx context.Context, p access.Principal, q *query, after *listing.Cursor, n int) ([]object, error) {
	from, skip := int64(0), -1
	if after != nil {
		from = after.Seq
		k, err := strconv.Atoi(after.ID)
		if err != nil {
			return nil, fault.Invalid("next", "is not a next value this server gave; start again without it")
		}
		skip = k
	}
	var out []object
	err := s.opts.Entries(ctx, from, func(se ledger.StoredEntry) error {
		e := se.Entry
		id, ok := incidents.ParseSubject(e.Subject)
		if !ok {
			return nil
		}
		// date_added is shown to the microsecond, and added_after is
		// compared at the same precision, so that a client that sends
		// back the last date_added it saw never gets that object again.
		added := e.TimeValue().Truncate(time.Microsecond)
		if q.addedAfter != nil && !added.After(*q.addedAfter) {
			return nil
		}
		in, err := s.opts.Incidents.Get(ctx, p, id)
		if errors.Is(err, fault.ErrNotFound) {
			return nil // not visible to p
		}
		if err != nil {
			return fmt.Errorf("taxii: read incident %s: %w", id, err)
		}
		if in.Seq != e.Seq {
			return nil // a later entry changed it: it is added there
		}
		objs, err := s.render(ctx, p, in, added, e.Seq)
		if err != nil {
			return err
		}
		for i := range objs {
			if after != nil && e.Seq == after.Seq && i <= skip {
				continue
			}
			out = append(out, objs[i])
		}
		if len(out) >= n {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	return out, nil
}

// render returns the STIX objects of incident in as p sees it (the STIX
// export's), each added at the given time at position seq.
func (s *Server) render(ctx context.Context, p access.Principal, in *incidents.Incident, added time.Time, seq int64) ([]object, error) {
	f, err := s.opts.Findings.View(ctx, p, in.ID)
	if err != nil {
		return nil, fmt.Errorf("taxii: finding of %s: %w", in.ID, err)
	}
	var buf bytes.Buffer
	ex, err := stix.NewExporter(&buf, stix.ID("bundle", in.ID))
	if err != nil {
		return nil, fmt.Errorf("taxii: export %s: %w", in.ID, err)
	}
	if err := ex.IncidentWithFinding(in, f); err != nil {
		return nil, fmt.Errorf("taxii: export %s: %w", in.ID, err)
	}
	if err := ex.Close(); err != nil {
		return nil, fmt.Errorf("taxii: export %s: %w", in.ID, err)
	}
	var b struct {
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		return nil, fmt.Errorf("taxii: read export of %s: %w", in.ID, err)
	}
	out := make([]object, 0, len(b.Objects))
	for i, raw := range b.Objects {
		var h struct {
			ID, Type, Created, Modified string
			SpecVersion                 string `json:"spec_version"`
		}
		if err := json.Unmarshal(raw, &h); err != nil {
			return nil, fmt.Errorf("taxii: read export of %s: %w", in.ID, err)
		}
		version := h.Modified
		if version == "" {
			version = h.Created
		}
		out = append(out, object{raw: raw, id: h.ID, typ: h.Type, spec: h.SpecVersion, version: version, added: added,
			at: listing.Cursor{Seq: seq, ID: strconv.Itoa(i)}, incident: in})
	}
	return out, nil
}

// page returns the page of objects q asks for. Objects shared by several
// incidents (identities, markings) appear once per page.
func (s *Server) page(r *http.Request, q *query) (*listing.Page[object], error) {
	p := s.opts.Principal(r)
	seen := map[string]bool{}
	pg, err := listing.Fill(r.Context(), Pages, q.limit, q.after,
		func(ctx context.Context, after *listing.Cursor, n int) ([]object, error) {
			return s.fetch(ctx, p, q, after, n)
		},
		func(o *object) listing.Cursor { return o.at },
		func(o *object) (object, bool) {
			key := o.id + "|" + o.version
			if seen[key] || !q.keeps(o) {
				return object{}, false
			}
			seen[key] = true
			return *o, true
		})
	if err != nil {
		return nil, err
	}
	audited := map[string]bool{}
	for _, o := range pg.Items {
		if in := o.incident; !audited[in.ID] {
			audited[in.ID] = true
			s.opts.Audit(p, in)
		}
	}
	return pg, nil
}

// request parses the query of r (with the object id of the path, if any)
// and reads its page; it answers the error itself and returns nil.
func (s *Server) request(w http.ResponseWriter, r *http.Request) *listing.Page[object] {
	if !s.known(w, r) {
		return nil
	}
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	if id := r.PathValue("object"); id != "" {
		if !stix.ValidID(id, "") {
			s.fail(w, r, http.StatusBadRequest, "Invalid object id", fmt.Sprintf("%q is not a STIX identifier", id))
			return nil
		}
		if q.ids != nil && !q.ids[id] {
			q.ids = map[string]bool{}
		} else {
			q.ids = map[string]bool{id: true}
		}
	}
	pg, err := s.page(r, q)
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	if id := r.PathValue("object"); id != "" && len(pg.Items) == 0 && q.after == nil {
		s.fail(w, r, http.StatusNotFound, "No such object", "the collection holds no object "+id+" that you may see")
		return nil
	}
	if n := len(pg.Items); n > 0 {
		w.Header().Set("X-TAXII-Date-Added-First", Timestamp(pg.Items[0].added))
		w.Header().Set("X-TAXII-Date-Added-Last", Timestamp(pg.Items[n-1].added))
	}
	return pg
}

// getObjects serves GET …/objects/ and getObject GET …/objects/{id}/: an
// envelope of the objects the caller may see.
func (s *Server) getObjects(w http.ResponseWriter, r *http.Request) {
	pg := s.request(w, r)
	if pg == nil {
		return
	}
	env := Envelope{More: pg.Next != "", Next: pg.Next, Objects: make([]json.RawMessage, len(pg.Items))}
	for i, o := range pg.Items {
		env.Objects[i] = o.raw
	}
	write(w, http.StatusOK, env)
}

func (s *Server) getObject(w http.ResponseWriter, r *http.Request) { s.getObjects(w, r) }

// manifest serves GET …/manifest/: one record per object of the page.
func (s *Server) manifest(w http.ResponseWriter, r *http.Request) {
	pg := s.request(w, r)
	if pg == nil {
		return
	}
	m := Manifest{More: pg.Next != "", Next: pg.Next, Objects: make([]ManifestRecord, len(pg.Items))}
	for i, o := range pg.Items {
		m.Objects[i] = ManifestRecord{ID: o.id, DateAdded: Timestamp(o.added), Version: o.version, MediaType: STIXMediaType}
	}
	write(w, http.StatusOK, m)
}

// objectVersions serves GET …/objects/{id}/versions/.
func (s *Server) objectVersions(w http.ResponseWriter, r *http.Request) {
	pg := s.request(w, r)
	if pg == nil {
		return
	}
	v := Versions{More: pg.Next != "", Next: pg.Next, Versions: make([]string, len(pg.Items))}
	for i, o := range pg.Items {
		v.Versions[i] = o.version
	}
	write(w, http.StatusOK, v)
}

// error answers err: a bad parameter is a 400 naming it, a refusal its
// status, anything else a 500 that is logged and shows no detail.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	var inv *fault.InvalidError
	var bad *fault.BadRequestError
	switch {
	case errors.As(err, &inv):
		s.failWith(w, http.StatusBadRequest, "Invalid parameter", inv.Error(), map[string]string{"parameter": inv.Field, "reason": inv.Reason})
	case errors.As(err, &bad):
		s.fail(w, r, http.StatusBadRequest, "Bad request", bad.Msg)
	case errors.Is(err, fault.ErrUnauthenticated):
		s.fail(w, r, http.StatusUnauthorized, "Authentication required", "send 'Authorization: Bearer <token>'")
	case errors.Is(err, fault.ErrForbidden):
		s.fail(w, r, http.StatusForbidden, "Forbidden", fault.ClientMessage(err))
	case errors.Is(err, fault.ErrUnavailable):
		s.fail(w, r, http.StatusServiceUnavailable, "Unavailable", "the node's database is unavailable; try again later")
	default:
		s.opts.Logger.ErrorContext(r.Context(), "taxii", "path", r.URL.Path, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "Internal error", "the node could not answer; its log says why")
	}
}
