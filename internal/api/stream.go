package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/stream"
)

// getStream serves GET /api/v1/stream: Server-Sent Events of every new
// entry (records and alerts) the caller may see, resuming after the
// Last-Event-ID header (or ?last_event_id=) from the store. Each live
// entry about a record the UI follows is preceded by a "record" event: the
// record as the caller may see it, or gone (stream_views.go), unless
// ?records=false. ?kinds= takes
// comma-separated kind prefixes (e.g. "alert.,message."). The caller is
// rechecked before every write and on a timer (callerGuard): the stream
// ends with an "end" event once the caller's access ends.
func (s *Server) getStream(w http.ResponseWriter, r *http.Request) {
	last := int64(-1)
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("last_event_id")
	}
	if v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < -1 {
			s.writeError(w, r, badRequestf("Last-Event-ID must be the id (a log sequence number) of the last event received"))
			return
		}
		last = n
	}
	var kinds []string
	if k := r.URL.Query().Get("kinds"); k != "" {
		kinds = strings.Split(k, ",")
	}
	records := true
	if v := r.URL.Query().Get("records"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			s.writeError(w, r, badRequestf("records must be true or false"))
			return
		}
		records = b
	}
	opts := stream.SSEOptions{LastEventID: last, Kinds: kinds, Audit: func(p access.Principal, e *ledger.Entry) {
		s.deps.Auditor.Record(p, e.Party, e.Release, e.Kind, e.Subject, "stream")
	}, Recheck: s.guardCaller(r).Check, RecheckEvery: s.streamRecheck(),
		// The record each live entry is about, as the caller may see it
		// (stream_views.go); read detached from this request, since the
		// read is shared with the caller's whole view class.
		View: s.streamView(context.WithoutCancel(r.Context()))}
	if !records { // ?records=false: the client reads records itself
		opts.View = nil
	}
	err := stream.ServeSSE(r.Context(), w, s.deps.Stream, s.deps.DB, principal(r), opts)
	if err != nil && !errors.Is(err, stream.ErrDropped) && !errors.Is(err, stream.ErrAccessEnded) && r.Context().Err() == nil {
		s.log.WarnContext(r.Context(), "stream ended", "err", err)
	}
}
