package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"truce/internal/access"
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
	if s.flightsOff(w, r) {
		return
	}
	if err := flights.CanPostTracks(principal(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	reports, err := s.decodeTracks(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.Flights.Ingest(principal(r), reports)
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
		return nil, badRequestf("reading body: %v", err)
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

// streamChunk is how many NDJSON lines are checked and ingested together.
const streamChunk = 1000

// streamResult is the answer to an NDJSON stream.
type streamResult struct {
	flights.IngestResult
	Lines int `json:"lines"`
}

// postTrackStream reads an NDJSON body (one report per line) line by line
// and ingests it in chunks of streamChunk, each all-or-nothing; it answers
// with the counts at the end. A bad line stops the stream with a problem
// saying which line and how many reports were accepted before it.
func (s *Server) postTrackStream(w http.ResponseWriter, r *http.Request) {
	if s.flightsOff(w, r) {
		return
	}
	by := principal(r)
	if err := flights.CanPostTracks(by); err != nil {
		s.writeError(w, r, err)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/x-ndjson" && mt != "application/jsonl" && mt != "application/json") {
			s.writeError(w, r, badRequestf("Content-Type %q is not application/x-ndjson (one JSON report per line)", ct))
			return
		}
	}
	var res streamResult
	sc := bufio.NewScanner(r.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<10)
	chunk := make([]flights.TrackInput, 0, streamChunk)
	first := 0 // line number of chunk[0]
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		got, err := s.Flights.Ingest(by, chunk)
		if err != nil {
			var inv *access.InvalidError
			if errors.As(err, &inv) {
				return access.Invalid(inv.Field, "%s (chunk from line %d; %d reports accepted before it)", inv.Reason, first+1, res.Accepted)
			}
			return err
		}
		res.Accepted += got.Accepted
		res.Stale += got.Stale
		chunk = chunk[:0]
		first = res.Lines
		return nil
	}
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		res.Lines++
		if len(line) == 0 {
			first++
			continue
		}
		var t flights.TrackInput
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&t); err != nil {
			s.writeError(w, r, badRequestf("line %d: %s; %d reports accepted before it", res.Lines, describeJSONError(line, err), res.Accepted))
			return
		}
		chunk = append(chunk, t)
		if len(chunk) == streamChunk {
			if err := flush(); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
	}
	if err := sc.Err(); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			s.writeError(w, r, &tooLarge{s.opts.MaxBody})
			return
		}
		if errors.Is(err, bufio.ErrTooLong) {
			s.writeError(w, r, badRequestf("line %d is longer than 64 KiB; %d reports accepted before it", res.Lines+1, res.Accepted))
			return
		}
		s.writeError(w, r, badRequestf("reading the stream: %v; %d reports accepted", err, res.Accepted))
		return
	}
	if err := flush(); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, 200, res)
}

func (s *Server) listTracks(w http.ResponseWriter, r *http.Request) {
	if s.flightsOff(w, r) {
		return
	}
	writeJSON(w, 200, map[string]any{"items": s.Flights.Tracks(principal(r)), "next": ""})
}

// trackEventInterval is how often GET /api/v1/tracks/stream sends the
// positions.
const trackEventInterval = time.Second

// streamTracks serves GET /api/v1/tracks/stream: Server-Sent Events, a
// `track` event every second whose data is the JSON array of the live
// tracks the caller may see (access.TrackVisible).
func (s *Server) streamTracks(w http.ResponseWriter, r *http.Request) {
	if s.flightsOff(w, r) {
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		s.writeError(w, r, errors.New("streaming unsupported by the response writer"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(200)
	by := principal(r)
	t := time.NewTicker(trackEventInterval)
	defer t.Stop()
	for n := 0; ; n++ {
		b, _ := json.Marshal(s.Flights.Tracks(by))
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
