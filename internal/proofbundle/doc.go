// Package proofbundle exports a joint decision as one offline-verifiable
// bundle and checks it with no node: each statement's entry (its canonical
// bytes), its inclusion proof in its origin's log (RFC 6962 hashing, C2SP
// tlog-tiles trees), the cosigned checkpoint of each origin (C2SP
// tlog-checkpoint with C2SP tlog-cosignature/v1 witness cosignatures, as
// in C2SP tlog-proof), the verifier keys, and the rule that gives the
// outcome, recomputed by the verifier with the same pure function the
// nodes use (for an incident, findings.Fold).
//
// A bundle proves what the statements it holds say and that the outcome
// follows from them by the named rule: "both co-chairs confirmed incident
// X" to a third party. It proves nothing about statements it does not
// hold: a bundle exported for a caller holds only the entries that caller
// may read, and its outcome is folded from those alone. The rule's inputs
// that are not entries (which parties are co-chairs and monitors) are
// stated in the bundle; a verifier compares them with the roster it holds.
package proofbundle
