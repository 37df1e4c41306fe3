// Package timeliness decides whether a deadline-bound log entry (an
// acknowledgement, an answer) was made in time, by two clocks that no one
// party controls alone: the entry's own time, which its origin's node
// writes, and the C2SP tlog-cosignature/v1 timestamps of the witnesses
// that cosigned a checkpoint containing it (https://c2sp.org/tlog-cosignature).
// A cosignature of a tree of size N proves that every entry with an index
// below N existed when the witness signed.
//
// The package is pure: it takes a statement (origin, index, entry time,
// deadline) and the earliest verified cosignatures around it, and returns a
// [Verdict] with the evidence it rests on. It works alike for entries of
// this node's own log and of a peer's mirrored log: the caller looks up
// the cosignatures of the statement's origin.
//
// It also finds an origin whose entry times disagree with its witnesses
// beyond the tolerance ([CheckDrift]): an entry dated after a witness had
// already cosigned a tree holding it (a clock ahead), or dated before a
// witness cosigned a tree that did not yet hold it (backdating, or a
// clock behind). Both are provable offline from the entry, its inclusion
// and the cosigned checkpoint.
package timeliness
