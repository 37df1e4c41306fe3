// Package peerapi serves a node's log to the other members of its
// federation, under /federation/v1/ on the node's mutual-TLS listener:
//
//	GET  checkpoint                  the latest signed checkpoint with its cosignatures (C2SP tlog-checkpoint)
//	GET  commitments?start=S&end=E   the 32-byte commitments of entries [S,E), concatenated
//	GET  entries?start=S&end=E       the canonical bytes of the entries of [S,E) releasable to the caller's party, one per line
//	POST add-checkpoint              the node's embedded witness (C2SP tlog-witness), a hook
//	GET  checkpoints                 gossip: the node's checkpoint and the latest it accepted of every mirrored origin
//	GET  evidence/{id}               a piece of evidence kept by the node's mirrors
//	GET  problems/{name}             the page of a problem type (ProblemPath), to any caller
//
// Ranges cover at most 1,000 entries and lie within the published tree;
// anything else is answered with an RFC 9457 problem and changes nothing.
// The entries response comes from the node's own log only and depends on
// nothing but the entries releasable to the caller (access.Releasability
// ReleasableToParty): not their count, kind or audience of the others.
package peerapi
