package peerapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"truce/internal/fault"
	"truce/internal/ledger"
)

// checkpoint serves the latest signed checkpoint note.
func (h *Handler) checkpoint(w http.ResponseWriter, r *http.Request) {
	note, err := h.cfg.Checkpoint(r.Context())
	if err != nil {
		h.internal(w, r, fmt.Errorf("peerapi: checkpoint: %w", err))
		return
	}
	if note == nil {
		writeProblem(w, r, "no-checkpoint", "the node has signed no checkpoint yet")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(note)
}

// parseRange reads start and end: decimal, 0 ≤ start ≤ end ≤ size,
// end-start ≤ MaxRange. The error is meant for the caller.
func parseRange(r *http.Request, size int64) (start, end int64, err error) {
	q := r.URL.Query()
	num := func(name string) (int64, error) {
		vs := q[name]
		if len(vs) != 1 {
			return 0, fmt.Errorf("give %s exactly once", name)
		}
		n, err := strconv.ParseInt(vs[0], 10, 64)
		if err != nil || n < 0 || strconv.FormatInt(n, 10) != vs[0] {
			return 0, fmt.Errorf("%s %q is not an entry number", name, vs[0])
		}
		return n, nil
	}
	if start, err = num("start"); err != nil {
		return 0, 0, err
	}
	if end, err = num("end"); err != nil {
		return 0, 0, err
	}
	switch {
	case end < start:
		return 0, 0, fmt.Errorf("end %d is before start %d", end, start)
	case end-start > MaxRange:
		return 0, 0, fmt.Errorf("[%d, %d) covers more than %d entries", start, end, MaxRange)
	case end > size:
		return 0, 0, fmt.Errorf("[%d, %d) is beyond the published tree of %d entries", start, end, size)
	}
	return start, end, nil
}

// commitments serves the commitments of a range, concatenated.
func (h *Handler) commitments(w http.ResponseWriter, r *http.Request) {
	start, end, err := parseRange(r, h.cfg.Tree.Size())
	if err != nil {
		writeProblem(w, r, "bad-range", err.Error())
		return
	}
	hs, err := h.cfg.Tree.Commitments(start, end-start)
	if err != nil {
		h.internal(w, r, fmt.Errorf("peerapi: commitments [%d, %d): %w", start, end, err))
		return
	}
	body := make([]byte, 0, len(hs)*32)
	for _, c := range hs {
		body = append(body, c[:]...)
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(body)
}

// entries serves the canonical bytes of the entries of a range releasable
// to a party the calling node serves (its own or one it hosts), one per
// line. The body is built in full before anything is written, so a failed
// read sends a problem, never a truncated list.
func (h *Handler) entries(w http.ResponseWriter, r *http.Request) {
	start, end, err := parseRange(r, h.cfg.Tree.Size())
	if err != nil {
		writeProblem(w, r, "bad-range", err.Error())
		return
	}
	parties := h.served(r)
	var body []byte
	err = h.cfg.Entries.EntryRange(r.Context(), start, end, func(e *ledger.Entry, canonical []byte) error {
		if slices.ContainsFunc(parties, e.Release.ReleasableToParty) {
			body = append(append(body, canonical...), '\n')
		}
		return nil
	})
	if err != nil {
		h.internal(w, r, fmt.Errorf("peerapi: entries [%d, %d) for %v: %w", start, end, parties, err))
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	_, _ = w.Write(body)
}

// GossipList is the body of GET checkpoints.
type GossipList struct {
	// Checkpoints are signed notes: the node's own latest first, then the
	// latest it accepted of every mirrored origin, by origin.
	Checkpoints []string `json:"checkpoints"`
}

// checkpoints serves the gossip list.
func (h *Handler) checkpoints(w http.ResponseWriter, r *http.Request) {
	own, err := h.cfg.Checkpoint(r.Context())
	if err != nil {
		h.internal(w, r, fmt.Errorf("peerapi: checkpoint: %w", err))
		return
	}
	others, err := h.cfg.Gossip.AcceptedCheckpoints(r.Context())
	if err != nil {
		h.internal(w, r, fmt.Errorf("peerapi: accepted checkpoints: %w", err))
		return
	}
	g := GossipList{Checkpoints: []string{}}
	if own != nil {
		g.Checkpoints = append(g.Checkpoints, string(own))
	}
	for _, n := range others {
		g.Checkpoints = append(g.Checkpoints, string(n))
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(g)
}

// evidence serves a piece of evidence. The content bytes of bad-content
// evidence go only to the party they were received from: they are what
// that peer sent, and a node never relays one party's content to another.
func (h *Handler) evidence(w http.ResponseWriter, r *http.Request) {
	ev, err := h.cfg.Evidence.Evidence(r.Context(), r.PathValue("id"))
	if errors.Is(err, fault.ErrNotFound) {
		writeProblem(w, r, "not-found", "no evidence with this id")
		return
	}
	if err != nil {
		h.internal(w, r, fmt.Errorf("peerapi: evidence: %w", err))
		return
	}
	if ev.Party != caller(r) {
		ev.Content = nil
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ev)
}
