// Package witness implements both sides of C2SP tlog-witness
// (https://c2sp.org/tlog-witness) with Ed25519 cosignatures per C2SP
// tlog-cosignature (https://c2sp.org/tlog-cosignature), over checkpoints per
// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint).
//
// The server side is [Witness], an http.Handler serving
// POST /add-checkpoint. For every log it is configured with, it keeps the
// latest checkpoint it cosigned in its own SQLite file and cosigns a new
// checkpoint only if it is consistent with that one. It MUST NOT cosign two
// checkpoints of one log that are inconsistent with each other, nor a smaller
// tree after a larger one, including across restarts: the check and the update
// of its state are one transaction, made durable (WAL, synchronous=FULL)
// before the cosignature leaves the process.
//
// The client side is [Client], which pushes a log's signed checkpoint to one
// witness, handles the 409 Conflict exchange by asking its caller for a
// consistency proof from the witness's size, and verifies the returned
// cosignature with the witness's key before returning it.
//
// Readers of a log use [VerifyCosigned] to check a checkpoint's log signature
// and a quorum of cosignatures from the witnesses they trust.
//
// Keys are strings in the C2SP signed-note vkey format: log keys are Ed25519
// note keys (algorithm 0x01), witness keys are Ed25519 cosignature/v1 keys
// (algorithm 0x04), as litewitness and the other C2SP tools print them.
package witness
