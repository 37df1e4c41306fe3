package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/misp"
)

// mispManifest streams the manifest of the MISP feed of the incidents the
// caller may see: GET /api/v1/exports/misp/manifest.json, a JSON object
// from each event's UUID to its entry (package misp). A MISP instance
// configured with this feed fetches each event it does not hold, or that
// changed, from mispEvent.
func (s *Server) mispManifest(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	ctx := r.Context()
	f := incidents.Filter{Limit: stixPageSize, Brief: true}
	page, err := s.deps.Incidents.Search(ctx, p, f) // errors surface before the first byte
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Authorization, Cookie")
	bw := bufio.NewWriter(w)
	bw.WriteString("{")
	n := 0
	for {
		for i := range page.Items {
			in := &page.Items[i]
			uuid, ok := misp.EventUUID(in.ID)
			if !ok {
				continue // not an id truce made: no event can name it
			}
			key, _ := json.Marshal(uuid)
			val, err := json.Marshal(misp.Manifest(in, in.Party, s.changedAt(ctx, in)))
			if err != nil {
				s.log.ErrorContext(ctx, "misp manifest", "id", in.ID, "err", err)
				return // the object stays unterminated: the client sees a broken manifest, not a short one
			}
			if n > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
			bw.Write(key)
			bw.WriteString(":")
			bw.Write(val)
			n++
		}
		if page.Next == "" {
			break
		}
		cur, err := incidents.ParseCursor(page.Next)
		if err != nil {
			s.log.ErrorContext(ctx, "misp manifest: cursor", "err", err)
			return
		}
		f.After = cur
		if page, err = s.deps.Incidents.Search(ctx, p, f); err != nil {
			s.log.ErrorContext(ctx, "misp manifest: page", "err", err)
			return
		}
	}
	bw.WriteString("\n}\n")
	if err := bw.Flush(); err != nil {
		s.log.DebugContext(ctx, "misp manifest: write", "err", err)
	}
}

// mispEvent serves one event of the MISP feed: GET
// /api/v1/exports/misp/{uuid}.json. An event of an incident the caller may
// not see is a 404, as one that does not exist.
func (s *Server) mispEvent(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	uuid, ok := strings.CutSuffix(file, ".json")
	if !ok {
		s.writeError(w, r, &fault.RefusalError{Kind: fault.ErrNotFound, Msg: "the feed's files are manifest.json and {uuid}.json"})
		return
	}
	id, ok := misp.IncidentID(uuid)
	if !ok {
		s.writeError(w, r, &fault.RefusalError{Kind: fault.ErrNotFound, Msg: fmt.Sprintf("no event %q in this feed; its events are listed in manifest.json", uuid)})
		return
	}
	p := principal(r)
	in, err := s.deps.Incidents.Get(r.Context(), p, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(p, in.Party, in.Release, "incident", in.ID, "misp")
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Authorization, Cookie")
	writeJSON(w, http.StatusOK, misp.Document{Event: misp.EventOf(in, in.Party, s.changedAt(r.Context(), in))})
}

// changedAt returns the time of the log entry that last changed in, or
// its report time when that entry is not in this node's log (a mirrored
// incident).
func (s *Server) changedAt(ctx context.Context, in *incidents.Incident) time.Time {
	if se, err := s.deps.DB.Entry(ctx, in.Seq); err == nil && se.Entry.Subject == incidents.Subject(in.ID) {
		return se.Entry.TimeValue()
	}
	t, _ := time.Parse(time.RFC3339Nano, in.ReportedAt)
	return t
}
