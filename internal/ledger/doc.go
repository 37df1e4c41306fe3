// Package ledger is truce's tamper-evident log: entries, their commitments,
// the Merkle tree over them, signed checkpoints, tiles and proofs.
//
// The standards it implements:
//   - RFC 6962 Merkle tree hashing, via golang.org/x/mod/sumdb/tlog.
//   - C2SP signed-note (https://c2sp.org/signed-note) and tlog-checkpoint
//     (https://c2sp.org/tlog-checkpoint) for checkpoints, Ed25519 keys via
//     golang.org/x/mod/sumdb/note.
//   - C2SP tlog-tiles (https://c2sp.org/tlog-tiles) to serve the tree; entry
//     bundles hold the 32-byte commitments, not entry content.
//   - C2SP tlog-proof (https://c2sp.org/tlog-proof) for offline proofs.
//   - RFC 8785 (JCS) for the canonical bytes of an entry.
//
// An entry's leaf is its commitment, SHA-256 of its canonical bytes, which
// include a random 32-byte salt: the tree can be shown to every party without
// revealing any content, and an entry's content is served only to its
// audience, who check it against the commitment.
//
// Writes go through a [Sequencer], which group-commits: many concurrent
// appends share one transaction and one fsync, and no caller learns its
// index before the entry is durable.
package ledger
