package app

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/api"
	"truce/internal/fault"
	"truce/internal/federation/hostedlog"
	"truce/internal/ledger"
	"truce/internal/store"
)

// federationView is what the API sees of a party node's federation: its
// status (Federation) and the entries it mirrored, each with its proof
// against its origin's accepted checkpoint (api.MirroredEntries).
type federationView struct {
	*Federation
	db *store.DB
}

// MirroredEntry implements api.MirroredEntries: entry seq of origin, a
// roster member's log this node mirrors, with its proof and the member's
// log key. Releasability is decided by the API on the entry itself.
func (v federationView) MirroredEntry(ctx context.Context, origin string, seq int64) (*api.MirroredEntry, error) {
	m, ok := v.Roster().ByOrigin(origin)
	key := m.LogKey
	if !ok || m.Party == v.Party {
		var err error
		if key, err = v.archivedLogKey(ctx, origin); err != nil {
			return nil, err
		}
	}
	mp, err := v.db.MirroredProof(ctx, origin, seq)
	if err != nil {
		return nil, err
	}
	return &api.MirroredEntry{Canonical: mp.Content, Commitment: mp.Commitment, Checkpoint: mp.Checkpoint,
		TreeSize: mp.Size, Proof: mp.Proof, LogKey: key}, nil
}

// archivedLogKey returns the log key of origin if this node was split from
// origin's hosted centre (its own log's federation.split entry names it),
// else an error wrapping fault.ErrNotFound.
func (v federationView) archivedLogKey(ctx context.Context, origin string) (string, error) {
	var key string
	err := v.db.EntriesOfKind(ctx, hostedlog.KindSplit, 0, func(e *ledger.Entry) error {
		if h, err := hostedlog.ParseHead(e.Payload); err == nil && h.HostedOrigin == origin && key == "" {
			key = h.LogKey
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("app: archived log %q: %w", origin, err)
	}
	if key == "" {
		return "", fmt.Errorf("app: mirrored entry of %q: not a peer's origin nor an archived hosted log: %w", origin, fault.ErrNotFound)
	}
	return key, nil
}

// MirroredAbout implements api.MirroredHistory: the entries about subject
// in the logs this node mirrors, within their accepted checkpoints.
// Releasability is decided by the API on each entry.
func (v federationView) MirroredAbout(ctx context.Context, subject string) ([]api.MirroredAbout, error) {
	ms, err := v.db.MirroredBySubject(ctx, subject)
	if err != nil {
		return nil, err
	}
	out := make([]api.MirroredAbout, 0, len(ms))
	for _, m := range ms {
		e, err := ledger.DecodeEntry(m.Content)
		if err != nil { // the mirror stored only content matching its commitment
			return nil, fmt.Errorf("app: mirrored entries about %s: %s#%d: %w", subject, m.Origin, m.Seq, err)
		}
		out = append(out, api.MirroredAbout{Origin: m.Origin, Commitment: tlog.Hash(m.Commitment), Entry: e})
	}
	return out, nil
}
