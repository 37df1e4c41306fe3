// Package mirror keeps a verified copy of one federation peer's log: its
// commitments (every member may see them) and the content of exactly the
// entries releasable to this node's party.
//
// A [Mirror] pulls the peer's checkpoint (C2SP tlog-checkpoint, cosigned
// per C2SP tlog-cosignature), the commitments of the new entries and the
// releasable entries' canonical bytes, and checks before it stores
// anything: the checkpoint's signature by the member's log key, a quorum of
// cosignatures by other members' witness keys, that the tree of the
// accepted commitments and the new ones has exactly the checkpoint's root
// (RFC 6962 hashing; this proves consistency with the last accepted
// checkpoint and the inclusion of every commitment at once), and that each
// entry hashes to its commitment, is canonical, has its seq, is by the
// peer's own party and is releasable to this node's party.
//
// Anything wrong is kept as [Evidence], verifiable offline with
// [VerifyEvidence], and mirroring from that peer stops until an operator
// clears it.
package mirror
