package taxii

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/stix"
)

// statusKept is how many status resources the server remembers (per
// node, the most recent first); an older one answers 404.
const statusKept = 1024

// addObjects serves POST …/objects/: it imports the incident objects of
// the envelope as reports of the caller's party, all or nothing (see
// stix.Incidents), and answers 202 with a complete status resource. A
// caller who may not report is refused (401/403); an envelope that is not
// JSON, not TAXII or holds an object that cannot be imported is refused
// (400, 415, 422) and nothing is written.
func (s *Server) addObjects(w http.ResponseWriter, r *http.Request) {
	if !s.known(w, r) {
		return
	}
	p := s.opts.Principal(r)
	if err := incidents.MayReport(p); err != nil {
		s.error(w, r, err)
		return
	}
	if !isTAXIIContent(r.Header.Get("Content-Type")) {
		s.fail(w, r, http.StatusUnsupportedMediaType, "Unsupported media type", "send an envelope as "+MediaType)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.opts.MaxContentLength+1))
	if err != nil || int64(len(body)) > s.opts.MaxContentLength {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "Envelope too large",
			fmt.Sprintf("an envelope may hold at most %d bytes (max_content_length of the API root)", s.opts.MaxContentLength))
		return
	}
	var env struct {
		Objects json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(body, &env); err != nil || len(env.Objects) == 0 || env.Objects[0] != '[' {
		s.fail(w, r, http.StatusBadRequest, "Invalid envelope", "the body must be a TAXII envelope: a JSON object with an objects array")
		return
	}
	requested := time.Now()
	id := newUUID()
	bundle := append([]byte(`{"type":"bundle","id":"bundle--`+id+`","objects":`), env.Objects...)
	bundle = append(bundle, '}')
	lim := stix.DefaultLimits
	lim.MaxBytes = int64(len(bundle))
	b, err := stix.ReadBundle(bytes.NewReader(bundle), lim)
	var be *stix.BundleError
	if errors.As(err, &be) {
		s.failWith(w, http.StatusUnprocessableEntity, "Invalid STIX objects", "the envelope is not valid STIX 2.1; nothing was imported", be.Errors)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	im, err := stix.Incidents(b)
	if errors.As(err, &be) {
		s.failWith(w, http.StatusUnprocessableEntity, "Objects cannot be imported",
			fmt.Sprintf("%d objects of the envelope cannot be imported; nothing was imported", len(be.Errors)), be.Errors)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.opts.Incidents.Import(r.Context(), p, im.Rows, nil, incidents.ImportOptions{})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rep.Invalid > 0 {
		var errs []stix.ObjectError
		for _, e := range rep.Errors {
			errs = append(errs, stix.ObjectError{Object: im.Object(e.Row), Field: stix.ErrorField(e.Column), Reason: e.Reason})
		}
		s.failWith(w, http.StatusUnprocessableEntity, "Objects cannot be imported",
			fmt.Sprintf("%d of %d incidents are invalid; nothing was imported", rep.Invalid, rep.Rows), errs)
		return
	}
	st := Status{ID: id, Status: "complete", RequestTimestamp: Timestamp(requested), Successes: []StatusDetail{},
		Failures: []StatusDetail{}, Pendings: []StatusDetail{}}
	for _, oid := range im.Objects {
		o, _ := b.Get(oid)
		v := o.Modified
		if v == "" {
			v = o.Created
		}
		st.Successes = append(st.Successes, StatusDetail{ID: oid, Version: v})
	}
	st.TotalCount, st.SuccessCount = len(st.Successes), len(st.Successes)
	s.statuses.put(p, st)
	w.Header().Set("Location", RootPath+"status/"+id+"/")
	write(w, http.StatusAccepted, st)
}

// status serves GET …/status/{id}/ to the user who posted the envelope;
// anyone else, and a status no longer kept, gets 404.
func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	st, ok := s.statuses.get(s.opts.Principal(r), r.PathValue("status"))
	if !ok {
		s.fail(w, r, http.StatusNotFound, "No such status", "no status "+r.PathValue("status")+" of yours is kept here")
		return
	}
	write(w, http.StatusOK, st)
}

// statusStore keeps the most recent status resources, each with the user
// who may read it. It is safe for concurrent use.
type statusStore struct {
	mu    sync.Mutex
	max   int
	order []string
	byID  map[string]keptStatus
}

type keptStatus struct {
	user string
	st   Status
}

func newStatusStore(max int) *statusStore {
	return &statusStore{max: max, byID: map[string]keptStatus{}}
}

func (s *statusStore) put(p access.Principal, st Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == s.max {
		delete(s.byID, s.order[0])
		s.order = s.order[1:]
	}
	s.order = append(s.order, st.ID)
	s.byID[st.ID] = keptStatus{user: p.UserID, st: st}
}

func (s *statusStore) get(p access.Principal, id string) (Status, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.byID[id]
	if !ok || p.UserID == "" || k.user != p.UserID {
		return Status{}, false
	}
	return k.st, true
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
