package app

import (
	"context"
	"errors"
	"time"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/witness"
)

// witnessedNote returns the peer API's Config.Checkpoint: latest's
// checkpoint, but only once it carries the quorum of cosignatures from
// the other members' witnesses that every peer's mirror requires of it
// (self is this node as a peer of the others, from mirrorPeer), and only
// while its newest cosignature is at most maxAge old by now (the node
// passes half the age at which its peers' mirrors call a checkpoint
// stale, --federation-max-age, leaving room for clocks that differ; the
// checkpointer has an idle checkpoint cosigned again every quarter of
// it). Otherwise it serves none (404 no-checkpoint), which a peer's
// mirror takes as "not yet" and retries.
//
// The checkpointer publishes the checkpoint it was started with (signed
// at init, before the node had a roster, or before the node was stopped)
// and keeps it published while the peers' witnesses are unreachable.
// Served as is, such a checkpoint would be a verifiable lack of quorum or
// a stale checkpoint, which mirrors keep as evidence and halt on: a node
// started before its peers, or after more than an hour down, would be cut
// off from them until an operator cleared it, when it has done nothing
// wrong.
func witnessedNote(latest peerapi.Latest, self mirror.Peer, now func() time.Time, maxAge time.Duration) func(context.Context) ([]byte, error) {
	return func(context.Context) ([]byte, error) {
		sc := latest.Latest()
		if sc == nil {
			return nil, nil
		}
		n := sc.Note()
		_, cosigs, err := witness.VerifyCosigned(n, self.LogKey, self.Witnesses, self.Quorum)
		if qe := (*witness.QuorumError)(nil); errors.As(err, &qe) {
			return nil, nil // not witnessed yet: the checkpointer signs again until it is
		}
		if err != nil {
			return nil, err // the node's own signature fails: an internal error, not to serve
		}
		var newest time.Time
		for _, c := range cosigs {
			if c.Time.After(newest) {
				newest = c.Time
			}
		}
		if self.Quorum > 0 && newest.Before(now().Add(-maxAge)) {
			return nil, nil // cosigned too long ago: the checkpointer has it cosigned again
		}
		return n, nil
	}
}
