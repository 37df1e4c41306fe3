package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"truce/internal/flights"
)

// Handlers of /api/v1/tracks: live position reports, one at a time, in
// batches, or as an NDJSON stream; and the latest positions, as JSON or as
// Server-Sent Events.

// trackBody is one report or a batch {"reports": [...]}.
type trackBody struct {
	flights.TrackInput
	Reports []flights.TrackInput `json:"reports"`
}

func (s *Server) postTracks(w http.ResponseWriter, r *http.Request) {
	if err := flights.CanPostTracks(principal(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	reports, err := s.decodeTracks(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.deps.Flights.Ingest(principal(r), reports)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, 200, res)
}

// decodeTracks reads one report or a batch. A batch in the strict form
// that flights.DecodeBatch takes skips reflection (the high-rate path);
// anything else goes through decodeJSON, which also words the errors.
func (s *Server) decodeTracks(r *http.Request) ([]flights.TrackInput, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return nil, badRequestf("Content-Type %q is not application/json", ct)
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.opts.MaxBody+1))
	if err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return nil, &tooLarge{s.opts.MaxBody}
		}
		return nil, badRequestf("could not read the request body")
	}
	if int64(len(body)) > s.opts.MaxBody {
		return nil, &tooLarge{s.opts.MaxBody}
	}
	if reports, ok := flights.DecodeBatch(body); ok {
		return reports, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	var in trackBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		return nil, err
	}
	reports := in.Reports
	if reports == nil {
		reports = []flights.TrackInput{in.TrackInput}
	} else if in.TrackInput.ID != "" || in.TrackInput.Time != "" {
		return nil, badRequestf("send either one report or {\"reports\": [...]}, not both")
	}
	return reports, nil
}

func (s *Server) listTracks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, map[string]any{"items": s.deps.Flights.Tracks(principal(r)), "next": ""})
}

// trackEventInterval is how often GET /api/v1/tracks/stream sends the
// positions.
const trackEventInterval = time.Second

// streamTracks serves GET /api/v1/tracks/stream: Server-Sent Events, a
// `track` event every second whose data is the JSON array of the live
// tracks the caller may see (access.TrackVisible). The caller is rechecked
// before every event (callerGuard): once its token or session is revoked,
// has expired, or its user was disabled or changed role or party, the
// stream sends a final `end` event {"reason": …} and ends (a browser's
// EventSource then reconnects and is refused, or served anew).
func (s *Server) streamTracks(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		s.writeError(w, r, errors.New("streaming unsupported by the response writer"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(200)
	by, guard := principal(r), s.guardCaller(r)
	t := time.NewTicker(trackEventInterval)
	defer t.Stop()
	for n := 0; ; n++ {
		if err := guard.Check(); err != nil {
			b, _ := json.Marshal(map[string]string{"reason": err.Error()})
			fmt.Fprintf(w, "event: end\ndata: %s\n\n", b)
			fl.Flush()
			return
		}
		b, _ := json.Marshal(s.deps.Flights.Tracks(by))
		if _, err := fmt.Fprintf(w, "event: track\nid: %d\ndata: %s\n\n", n, b); err != nil {
			return
		}
		fl.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
	}
}
