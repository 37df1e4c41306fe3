package api

import (
	"context"
	"net/http"

	"truce/internal/ledger"
	"truce/internal/proofbundle"
)

// getIncidentProof serves the incident's finding as a proof bundle
// (package proofbundle): the entries about it the caller may read, each
// with its inclusion proof in one cosigned checkpoint of this node's log,
// the keys, the rule's inputs and the outcome. A caller who may not see
// the incident gets 404. Signed-in callers only: the public is shown the
// log in delayed batches, and a bundle carries the latest checkpoint.
func (s *Server) getIncidentProof(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	es, c, err := s.deps.Findings.Basis(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var keys []string
	quorum := 0
	if s.deps.Witnesses != nil {
		keys, quorum = s.deps.Witnesses()
	}
	own := proofbundle.OwnLog{LogKey: s.deps.VerifierKey, WitnessKeys: keys, Quorum: quorum, Hashes: s.deps.Hashes, Entry: s.deps.DB.Entry,
		Checkpoint: func(ctx context.Context, index int64) (*ledger.SignedCheckpoint, error) {
			if cp := s.deps.Checkpointer.Latest(); cp != nil && cp.N > index {
				return cp, nil
			}
			return s.deps.Checkpointer.SignNow(ctx)
		}}
	b, err := own.Incident(r.Context(), id, es, c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+id+`.proof.json"`)
	writeJSON(w, http.StatusOK, b)
}
