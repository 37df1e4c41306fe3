package api

import (
	"context"
	"net/http"

	"truce/internal/ledger"
	"truce/internal/proofbundle"
)

// MirroredStatements is what a party node's Federation also implements
// when it can prove the entries its mirrors hold in a proof bundle: the
// statements seqs (ascending) of origin's log with their inclusion proofs
// in the checkpoint the mirror accepted, and the log's keys and
// checkpoint (proofbundle.Mirrors). It decides no releasability: the
// caller passes only entries its caller may read.
type MirroredStatements interface {
	MirroredStatements(ctx context.Context, origin string, seqs []int64) (proofbundle.Log, []proofbundle.Statement, error)
}

// getIncidentProof serves the incident's finding as a proof bundle
// (package proofbundle): the entries about it the caller may read in
// every log the node holds (its own and, on a party node, its mirrors'),
// each with its inclusion proof in a cosigned checkpoint of its origin,
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
	b, err := s.ownLog().Incident(r.Context(), id, es, c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+id+`.proof.json"`)
	writeJSON(w, http.StatusOK, b)
}

// ownLog returns the node's log, and its mirrors if it has any, as a
// proof bundle's builder reads them.
func (s *Server) ownLog() proofbundle.OwnLog {
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
	if src, ok := s.deps.Federation.(MirroredStatements); ok {
		own.Mirrors = src.MirroredStatements
	}
	return own
}
