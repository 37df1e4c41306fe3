package app

import (
	"context"
	"errors"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/witness"
)

// witnessedNote returns the peer API's Config.Checkpoint: latest's
// checkpoint, but only once it carries the quorum of cosignatures from
// the other members' witnesses that every peer's mirror requires of it
// (self is this node as a peer of the others, from mirrorPeer). Before
// that it serves none (404 no-checkpoint), which a peer's mirror takes as
// "not yet" and retries.
//
// The checkpointer publishes the checkpoint it was started with (signed
// at init, before the node had a roster) and keeps it published while the
// peers' witnesses are unreachable. Served as is, such a checkpoint would
// be a verifiable lack of quorum, which mirrors keep as evidence and halt
// on: a node started before its peers would be cut off from them for
// good, when it has done nothing wrong.
func witnessedNote(latest peerapi.Latest, self mirror.Peer) func(context.Context) ([]byte, error) {
	return func(context.Context) ([]byte, error) {
		sc := latest.Latest()
		if sc == nil {
			return nil, nil
		}
		n := sc.Note()
		_, _, err := witness.VerifyCosigned(n, self.LogKey, self.Witnesses, self.Quorum)
		if qe := (*witness.QuorumError)(nil); errors.As(err, &qe) {
			return nil, nil // not witnessed yet: the checkpointer signs again until it is
		}
		if err != nil {
			return nil, err // the node's own signature fails: an internal error, not to serve
		}
		return n, nil
	}
}
