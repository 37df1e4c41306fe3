package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/ledger"
)

// MirroredEntries is what a party node's Federation also implements when
// it serves the entries it mirrored for verification (GET
// /api/v1/federation/entries/{seq}); a Federation without it, or none,
// answers 404 there.
type MirroredEntries interface {
	// MirroredEntry returns entry seq of origin as this node mirrored it,
	// with an inclusion proof against the origin's checkpoint this node
	// accepted. It returns an error wrapping fault.ErrNotFound when the
	// node holds no content for it (no such origin or entry, not yet
	// covered by an accepted checkpoint, or not releasable to this node).
	MirroredEntry(ctx context.Context, origin string, seq int64) (*MirroredEntry, error)
}

// MirroredEntry is one mirrored entry and its proof: its canonical bytes
// and commitment, the accepted checkpoint note of its origin (with the
// peers' cosignatures) and the inclusion proof of the entry in that tree,
// and the origin's log key as the roster gives it.
type MirroredEntry struct {
	Canonical  []byte
	Commitment tlog.Hash
	Checkpoint []byte
	TreeSize   int64
	Proof      tlog.RecordProof
	LogKey     string
}

// MirroredEntryResponse is EntryResponse for an entry of another origin,
// with that origin and the verifier key of its checkpoints, so that a
// client checks it exactly as an own entry, against that key.
type MirroredEntryResponse struct {
	EntryResponse
	Origin string `json:"origin"`
	LogKey string `json:"log_key"`
}

// getMirroredEntry serves GET /api/v1/federation/entries/{seq}?origin=O:
// entry seq of origin O as this node mirrored it, with its proof against
// O's accepted, cosigned checkpoint, to a caller who may see it; others
// get 404, exactly as for an entry this node does not hold.
func (s *Server) getMirroredEntry(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq < 0 {
		s.writeError(w, r, badRequestf("entry sequence number %q is not a non-negative integer", r.PathValue("seq")))
		return
	}
	origin := r.URL.Query().Get("origin")
	if origin == "" {
		s.writeError(w, r, badRequestf("origin is required: the origin (log) whose entry seq is asked for"))
		return
	}
	src, ok := s.deps.Federation.(MirroredEntries)
	if !ok {
		s.writeError(w, r, fault.ErrNotFound)
		return
	}
	me, err := src.MirroredEntry(r.Context(), origin, seq)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := ledger.DecodeEntry(me.Canonical)
	if err != nil { // the mirror verified its canonical form: never served otherwise
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	if !p.CanSee(e.Release) {
		s.writeError(w, r, fault.ErrNotFound)
		return
	}
	s.deps.Auditor.Record(p, e.Party, e.Release, e.Kind, e.Subject, "api")
	ip := &InclusionProof{TreeSize: me.TreeSize, Checkpoint: string(me.Checkpoint)}
	for _, h := range me.Proof {
		ip.Hashes = append(ip.Hashes, base64.StdEncoding.EncodeToString(h[:]))
	}
	writeJSON(w, http.StatusOK, MirroredEntryResponse{EntryResponse: EntryResponse{Seq: seq,
		Canonical:  base64.StdEncoding.EncodeToString(me.Canonical),
		Commitment: base64.StdEncoding.EncodeToString(me.Commitment[:]), Entry: e, Proof: ip},
		Origin: origin, LogKey: me.LogKey})
}
