package api

import (
	"net/http"

	"truce/internal/ledger"
)

// The public (no login) is shown the log in delayed batches
// (ledger.PublicLog): the checkpoint, tiles, entries and proofs it reads
// stop at the newest checkpoint signed before the current batch boundary,
// so that nothing outside the centre can tell from the timing or count of
// entries when anything was written within a batch. Signed-in callers see
// the log as it grows (as does everyone on a server built without
// Deps.Public, which New refuses: only tests build one).

// shownCheckpoint returns the latest checkpoint the caller may be shown
// (nil if none).
func (s *Server) shownCheckpoint(r *http.Request) (*ledger.SignedCheckpoint, error) {
	if !s.batched(r) {
		return s.deps.Checkpointer.Latest(), nil
	}
	return s.deps.Public.Checkpoint(r.Context())
}

// shownSize returns the tree size the caller may read entries and tiles
// up to: the whole tree for a signed-in caller, the public checkpoint's
// size for the public.
func (s *Server) shownSize(r *http.Request) (int64, error) {
	if !s.batched(r) {
		return s.deps.Hashes.Size(), nil
	}
	return s.deps.Public.Size(r.Context())
}

// publicTileHidden reports whether the tile at path lies beyond what the
// caller may be shown (a malformed path is left to ReadTile to refuse).
func (s *Server) publicTileHidden(r *http.Request, path string) (bool, error) {
	if !s.batched(r) {
		return false, nil
	}
	end, err := ledger.TileEnd(path)
	if err != nil {
		return false, nil
	}
	size, err := s.deps.Public.Size(r.Context())
	return end > size, err
}

// batched reports whether r is shown the log in delayed batches: a caller
// without a login, on a node that batches (Deps.Public with a positive
// Every).
func (s *Server) batched(r *http.Request) bool {
	return s.deps.Public != nil && s.deps.Public.Every() > 0 && !principal(r).Authenticated()
}
