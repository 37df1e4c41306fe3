package api

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// getCheckpoint serves the latest published checkpoint with its witness
// cosignatures (C2SP tlog-checkpoint).
func (s *Server) getCheckpoint(w http.ResponseWriter, r *http.Request) {
	cp, err := s.shownCheckpoint(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if cp == nil && s.batched(r) && s.deps.Checkpointer.Latest() != nil {
		s.writeError(w, r, &batchPendingError{every: s.deps.Public.Every(), next: s.deps.Public.NextBatch()})
		return
	}
	if cp == nil {
		s.writeError(w, r, errNoCheckpoint)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(cp.Note())
}

// getKey serves the node's note verifier key, for discovery. Verifiers must
// still obtain it out of band before trusting it.
func (s *Server) getKey(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(s.deps.VerifierKey + "\n"))
}

// getTile serves C2SP tlog-tiles resources. Full tiles never change and may
// be cached for ever; partial tiles briefly. An entry bundle holding a
// commitment the tree does not is refused (store-integrity problem).
func (s *Server) getTile(w http.ResponseWriter, r *http.Request) {
	path := "tile/" + r.PathValue("path")
	if hidden, err := s.publicTileHidden(r, path); err != nil || hidden {
		if err == nil {
			err = fault.ErrNotFound
		}
		s.writeError(w, r, err)
		return
	}
	data, err := s.deps.Hashes.ReadTile(path)
	if err != nil {
		if errors.Is(err, ledger.ErrTileNotFound) {
			s.writeError(w, r, fault.ErrNotFound)
			return
		}
		if errors.Is(err, ledger.ErrLeafMismatch) {
			s.writeError(w, r, err) // a 500 store-integrity problem
			return
		}
		s.writeError(w, r, badRequestf("%v", err))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if isPartial(path) {
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	w.Write(data)
}

func isPartial(path string) bool {
	for i := 0; i+3 <= len(path); i++ {
		if path[i:i+3] == ".p/" {
			return true
		}
	}
	return false
}

// EntryResponse is GET /api/v1/log/entries/{seq}: the entry's exact
// canonical bytes (base64), the decoded entry, its commitment and an
// inclusion proof against the latest published checkpoint.
type EntryResponse struct {
	Seq        int64         `json:"seq"`
	Canonical  string        `json:"canonical"`
	Commitment string        `json:"commitment"`
	Entry      *ledger.Entry `json:"entry"`
	// Proof is present once a published checkpoint covers the entry.
	Proof *InclusionProof `json:"proof,omitempty"`
}

// InclusionProof proves an entry's leaf is in the tree of Checkpoint.
type InclusionProof struct {
	TreeSize   int64    `json:"tree_size"`
	Hashes     []string `json:"hashes"`
	Checkpoint string   `json:"checkpoint"`
}

// readEntry loads entry seq if the caller may see it; others get
// ErrNotFound, exactly as for an entry that does not exist. An entry whose
// row does not match its commitment is never served: the error matches
// fault.ErrIntegrity once classified (Database.Classify).
func (s *Server) readEntry(r *http.Request) (*ledger.StoredEntry, *ledger.Entry, error) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq < 0 {
		return nil, nil, badRequestf("entry sequence number %q is not a non-negative integer", r.PathValue("seq"))
	}
	shown, err := s.shownSize(r)
	if err != nil {
		return nil, nil, err
	}
	if seq >= shown {
		return nil, nil, fault.ErrNotFound
	}
	se, err := s.deps.DB.Entry(r.Context(), seq)
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) || seq >= s.deps.Hashes.Size() {
			return nil, nil, fault.ErrNotFound
		}
		return nil, nil, err
	}
	// The store checked the row against the tree and its copied columns
	// against the entry: the releasability decided on is the committed one.
	e := se.Entry
	p := principal(r)
	if !p.CanSee(e.Release) {
		return nil, nil, fault.ErrNotFound
	}
	s.deps.Auditor.Record(p, e.Party, e.Release, e.Kind, e.Subject, "api")
	return se, e, nil
}

func (s *Server) getEntry(w http.ResponseWriter, r *http.Request) {
	se, e, err := s.readEntry(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	resp := EntryResponse{Seq: se.Seq, Canonical: base64.StdEncoding.EncodeToString(se.Canonical),
		Commitment: base64.StdEncoding.EncodeToString(se.Commitment[:]), Entry: e}
	cp, err := s.shownCheckpoint(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if cp != nil && cp.N > se.Seq {
		hr, _ := s.deps.Hashes.Snapshot()
		proof, err := tlog.ProveRecord(cp.N, se.Seq, hr)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		ip := &InclusionProof{TreeSize: cp.N, Checkpoint: string(cp.Note())}
		for _, h := range proof {
			ip.Hashes = append(ip.Hashes, base64.StdEncoding.EncodeToString(h[:]))
		}
		resp.Proof = ip
	}
	writeJSON(w, http.StatusOK, resp)
}

// getEntryProof serves the entry as a self-contained C2SP tlog-proof,
// signing a checkpoint on demand if none covers it yet.
func (s *Server) getEntryProof(w http.ResponseWriter, r *http.Request) {
	se, _, err := s.readEntry(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var proof *ledger.Proof
	if s.batched(r) {
		// The public's proof is against its batch's checkpoint, which
		// covers the entry (readEntry served none beyond it).
		proof, err = proveAgainst(r, s.deps.Public.Checkpoint, s.deps.Hashes, se)
	} else {
		proof, err = BuildProof(r, s.deps.Checkpointer, s.deps.Hashes, se)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename=\"entry-"+strconv.FormatInt(se.Seq, 10)+".tlog-proof\"")
	w.Write(proof.Format())
}

// BuildProof returns the tlog-proof of a stored entry against the latest
// checkpoint, signing one first if the entry is newer than it.
func BuildProof(r *http.Request, c *ledger.Checkpointer, hashes *ledger.HashStore, se *ledger.StoredEntry) (*ledger.Proof, error) {
	cp := c.Latest()
	if cp == nil || cp.N <= se.Seq {
		var err error
		if cp, err = c.SignNow(r.Context()); err != nil {
			return nil, err
		}
	}
	return proofAt(cp, hashes, se)
}

// proveAgainst returns the tlog-proof of se against the checkpoint get
// returns, which must cover it.
func proveAgainst(r *http.Request, get func(context.Context) (*ledger.SignedCheckpoint, error), hashes *ledger.HashStore,
	se *ledger.StoredEntry) (*ledger.Proof, error) {
	cp, err := get(r.Context())
	if err != nil {
		return nil, err
	}
	if cp == nil || cp.N <= se.Seq {
		return nil, fault.ErrNotFound
	}
	return proofAt(cp, hashes, se)
}

// proofAt returns the tlog-proof of se against cp, which covers it.
func proofAt(cp *ledger.SignedCheckpoint, hashes *ledger.HashStore, se *ledger.StoredEntry) (*ledger.Proof, error) {
	hr, _ := hashes.Snapshot()
	rp, err := tlog.ProveRecord(cp.N, se.Seq, hr)
	if err != nil {
		return nil, err
	}
	return &ledger.Proof{Extra: se.Canonical, Index: se.Seq, Hashes: rp, Checkpoint: cp.Note()}, nil
}

// signCheckpoint signs a checkpoint now (they are signed at most once a
// second anyway): a liaison's or admin's request, so that an entry can be
// cited at once. Observers only read, and the other roles have no need;
// they get 403.
func (s *Server) signCheckpoint(w http.ResponseWriter, r *http.Request) {
	if err := principal(r).Require(access.RoleLiaison, access.RoleAdmin); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := noBody(r, s.opts.MaxBody); err != nil {
		s.writeError(w, r, err)
		return
	}
	cp, err := s.deps.Checkpointer.SignNow(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"size": cp.N, "root": base64.StdEncoding.EncodeToString(cp.Hash[:]),
		"checkpoint": string(cp.Note())})
}

// listReads shows the caller's party who read its sensitive records, a
// page of accounts.ReadsListing at a time.
func (s *Server) listReads(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, accounts.ReadsListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Flush()
	page, err := s.deps.Auditor.ReadsPage(r.Context(), principal(r).Party, limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func parseLimit(r *http.Request, def, most int) int {
	n, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || n <= 0 {
		return def
	}
	return min(n, most)
}
