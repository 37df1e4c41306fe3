package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/flights"
	"truce/internal/strictjson"
)

// POST /api/v1/tracks/stream: a long-lived NDJSON ingestion stream.
//
// Contract (also in the README and the OpenAPI document):
//   - The request body is NDJSON, one position report per line, each line at
//     most TrackStreamLimits.MaxLine bytes. The body as a whole is not bound
//     by --max-body and the server's read timeout does not apply: the stream
//     lasts as long as the sender keeps sending.
//   - The response (200, application/x-ndjson) is a status line
//     {"type":"ack",...} at least every AckEvery while something changed, and
//     after every AckLines lines, each flushed, with running totals (lines,
//     accepted, stale, rejected) and the lines rejected since the previous
//     status line ({"line","status","field","detail"}).
//   - A bad line (malformed JSON, an invalid report, another party's track)
//     is rejected and reported by its line number; the stream goes on.
//   - A line longer than MaxLine ends the stream (its framing can no longer
//     be trusted); so does no line for Idle, and the end of the body. The
//     last line is {"type":"end","status":…,"reason":…} with the totals:
//     status 200 at the end of the body, 413 for an overlong line, 408 when
//     idle, 400 if the body could not be read.
//   - Reading is paced to at most MaxRate lines a second per stream (TCP
//     pushes back on the sender); the per-token rate limit counts the
//     stream as one request.
//   - The caller is rechecked before every batch of lines is ingested and
//     at every status tick (callerGuard): once its token or session is
//     revoked or expired, or its user disabled or changed role or party,
//     nothing more is ingested and the stream ends with status 401 (403
//     for a changed role or party).

// TrackStreamLimits bound an NDJSON track stream. Zero fields take the
// defaults (DefaultTrackStreamLimits).
type TrackStreamLimits struct {
	// MaxLine is the longest line accepted, in bytes, newline excluded.
	MaxLine int
	// Idle closes the stream after this long without a line.
	Idle time.Duration
	// AckEvery is the interval of status lines while something changes.
	AckEvery time.Duration
	// AckLines sends a status line after this many lines as well.
	AckLines int
	// MaxRate is the most lines read per second per stream.
	MaxRate float64
}

// DefaultTrackStreamLimits returns the limits of a track stream unless
// Options.TrackStream changes them: lines of 4 KiB, 30 s idle, a status
// line every second and every 10,000 lines, 200,000 lines/s.
func DefaultTrackStreamLimits() TrackStreamLimits {
	return TrackStreamLimits{MaxLine: 4096, Idle: 30 * time.Second, AckEvery: time.Second, AckLines: 10000, MaxRate: 200000}
}

// withDefaults fills zero fields from DefaultTrackStreamLimits.
func (l TrackStreamLimits) withDefaults() TrackStreamLimits {
	d := DefaultTrackStreamLimits()
	if l.MaxLine <= 0 {
		l.MaxLine = d.MaxLine
	}
	if l.Idle <= 0 {
		l.Idle = d.Idle
	}
	if l.AckEvery <= 0 {
		l.AckEvery = d.AckEvery
	}
	if l.AckLines <= 0 {
		l.AckLines = d.AckLines
	}
	if l.MaxRate <= 0 {
		l.MaxRate = d.MaxRate
	}
	return l
}

// streamsBody reports whether r is a track stream, whose body the
// middleware does not bound as a whole (each line is bounded instead).
func streamsBody(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/api/v1/tracks/stream"
}

// streamChunk is the most NDJSON lines ingested together.
const streamChunk = 1000

// maxLineErrors is the most rejected lines one status line lists; the rest
// are counted in errors_dropped.
const maxLineErrors = 100

// lineError is a rejected line of a track stream.
type lineError struct {
	Line   int    `json:"line"`
	Status int    `json:"status"`
	Field  string `json:"field,omitempty"`
	Detail string `json:"detail"`
}

// streamStatus is one status line of a track stream's response.
type streamStatus struct {
	Type string `json:"type"` // "ack" or "end"
	flights.IngestResult
	Lines    int         `json:"lines"`
	Rejected int         `json:"rejected"`
	Errors   []lineError `json:"errors,omitempty"`
	Dropped  int         `json:"errors_dropped,omitempty"`
	Status   int         `json:"status,omitempty"` // end only
	Reason   string      `json:"reason,omitempty"` // end only
}

func (s *Server) postTrackStream(w http.ResponseWriter, r *http.Request) {
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
	lim := s.trackStream.withDefaults()
	rc := http.NewResponseController(w)
	if err := rc.EnableFullDuplex(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.writeError(w, r, err)
		return
	}
	if err := rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-ndjson")
	h.Set("Cache-Control", "no-store")
	// A stream's connection is not reused for another request: reusing it
	// raced net/http's post-body background read against the next
	// stream's body reads ("invalid concurrent Body.Read call", a panic).
	// A stream is long-lived, so one connection each costs nothing.
	h.Set("Connection", "close")
	w.WriteHeader(200)
	_ = rc.Flush()

	batches, stop := make(chan lineBatch, 1), make(chan struct{})
	go readLines(r.Body, lim, batches, stop)
	ended := false // the reader sent its last batch: it reads no more
	defer func() { // the reader must be gone before the server touches the body again
		close(stop)
		if !ended {
			// Unblock its read. Only then: a read error ends the
			// connection, which must stay usable after a clean end.
			_ = rc.SetReadDeadline(time.Now())
		}
		for range batches {
		}
	}()
	st := &streamState{s: s, r: r, by: by}
	write := func(v *streamStatus) bool {
		b, _ := json.Marshal(v)
		if _, err := w.Write(append(b, '\n')); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	guard := s.guardCaller(r)
	// lost ends the stream if the caller's access ended.
	lost := func() bool {
		err := guard.Check()
		var end *accessEnded
		if !errors.As(err, &end) {
			return false
		}
		write(st.status("end", &streamEnd{end.Status(), end.Error()}))
		return true
	}
	idle := time.NewTimer(lim.Idle)
	defer idle.Stop()
	ack := time.NewTicker(lim.AckEvery)
	defer ack.Stop()
	acked := 0
	for {
		select {
		case b, ok := <-batches:
			if !ok {
				ended = true
				return
			}
			idle.Reset(lim.Idle)
			if lost() {
				return
			}
			st.process(&b)
			if b.end != nil {
				ended = true
				write(st.status("end", b.end))
				return
			}
			if st.res.Lines-acked >= lim.AckLines {
				acked = st.res.Lines
				if !write(st.status("ack", nil)) {
					return
				}
			}
		case <-ack.C:
			if lost() {
				return
			}
			if st.changed {
				acked = st.res.Lines
				if !write(st.status("ack", nil)) {
					return
				}
			}
		case <-idle.C:
			write(st.status("end", &streamEnd{408, "no line for " + lim.Idle.String() + ": the stream is closed; open a new one to send more"}))
			return
		case <-r.Context().Done():
			return
		}
	}
}

// streamState holds a stream's running totals and the errors not yet
// reported.
type streamState struct {
	s       *Server
	r       *http.Request
	by      access.Principal
	res     streamStatus
	errs    []lineError
	dropped int
	changed bool
}

// status returns the next status line and forgets the errors it reports.
func (st *streamState) status(typ string, end *streamEnd) *streamStatus {
	v := st.res
	v.Type, v.Errors, v.Dropped = typ, st.errs, st.dropped
	if end != nil {
		v.Status, v.Reason = end.status, end.reason
	}
	st.errs, st.dropped, st.changed = nil, 0, false
	return &v
}

// reject records a rejected line.
func (st *streamState) reject(e lineError) {
	st.res.Rejected++
	if len(st.errs) < maxLineErrors {
		st.errs = append(st.errs, e)
	} else {
		st.dropped++
	}
}

// process decodes and ingests the lines of b. A chunk that Ingest refuses
// (it is all or nothing) is ingested line by line so that only the bad
// lines are rejected.
func (st *streamState) process(b *lineBatch) {
	in := make([]flights.TrackInput, 0, len(b.lines))
	nums := make([]int, 0, len(b.lines))
	for i, line := range b.lines {
		n := b.first + i
		st.res.Lines++
		st.changed = true
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var t flights.TrackInput
		if err := strictjson.Unmarshal(line, &t); err != nil {
			st.reject(lineError{Line: n, Status: 400, Detail: err.Error()})
			continue
		}
		in, nums = append(in, t), append(nums, n)
	}
	if len(in) == 0 {
		return
	}
	if got, err := st.s.deps.Flights.Ingest(st.by, in); err == nil {
		st.res.Accepted += got.Accepted
		st.res.Stale += got.Stale
		return
	}
	for i := range in {
		got, err := st.s.deps.Flights.Ingest(st.by, in[i:i+1])
		if err != nil {
			st.reject(st.lineError(nums[i], err))
			continue
		}
		st.res.Accepted += got.Accepted
		st.res.Stale += got.Stale
	}
}

// lineError maps an Ingest error of one line to what the sender is told.
func (st *streamState) lineError(n int, err error) lineError {
	var inv *fault.InvalidError
	switch {
	case errors.As(err, &inv):
		return lineError{Line: n, Status: 422, Field: inv.Field, Detail: inv.Error()}
	case errors.Is(err, fault.ErrForbidden):
		return lineError{Line: n, Status: 403, Field: "party", Detail: err.Error()}
	}
	st.s.log.ErrorContext(st.r.Context(), "track stream: ingest failed", "line", n, "err", err)
	return lineError{Line: n, Status: 500, Detail: "the node failed to ingest this report; its log has the cause"}
}

// streamEnd says why a stream ended.
type streamEnd struct {
	status int
	reason string
}

// lineBatch is a run of lines read together; first is the line number of
// lines[0]. end, if set, is the last batch's reason to stop.
type lineBatch struct {
	first int
	lines [][]byte
	end   *streamEnd
}

// readLines reads body line by line, at most lim.MaxRate lines a second,
// and sends the lines in batches (a batch ends after streamChunk lines or
// when no more input is buffered), until the body ends, a line is too
// long, reading fails or stop is closed. It closes out when it returns.
func readLines(body io.Reader, lim TrackStreamLimits, out chan<- lineBatch, stop <-chan struct{}) {
	defer close(out)
	br := bufio.NewReaderSize(body, max(64<<10, lim.MaxLine+2))
	start, n := time.Now(), 0
	send := func(b lineBatch) bool {
		select {
		case out <- b:
			return true
		case <-stop:
			return false
		}
	}
	for {
		b := lineBatch{first: n + 1}
		for len(b.lines) < streamChunk {
			line, err := br.ReadSlice('\n')
			text := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
			if len(text) > lim.MaxLine || errors.Is(err, bufio.ErrBufferFull) {
				b.end = &streamEnd{413, "line " + itoa(n+1) + " is longer than " + itoa(lim.MaxLine) +
					" bytes: the stream is closed; send one report per line, each at most that long"}
				send(b)
				return
			}
			if len(line) > 0 {
				n++
				b.lines = append(b.lines, bytes.Clone(text))
			}
			if err == io.EOF {
				b.end = &streamEnd{200, "end of stream"}
				send(b)
				return
			}
			if err != nil {
				b.end = &streamEnd{400, "reading the stream after line " + itoa(n) + ": " + err.Error()}
				send(b)
				return
			}
			if br.Buffered() == 0 {
				break
			}
		}
		if !send(b) {
			return
		}
		// Pace: n lines may not be ahead of MaxRate × elapsed (plus a
		// second's worth of burst).
		if ahead := float64(n)/lim.MaxRate - time.Since(start).Seconds() - 1; ahead > 0 {
			select {
			case <-time.After(time.Duration(ahead * float64(time.Second))):
			case <-stop:
				return
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
