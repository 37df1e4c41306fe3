// Package cite is how a statement in one party's log names an entry of
// another log (or of its own): by (origin, index, leaf hash), the leaf hash
// being the RFC 6962 leaf hash of the entry's commitment, which anyone
// checks against the origin's cosigned checkpoint (C2SP tlog-checkpoint)
// with an inclusion proof.
//
// Two rules hold on every node:
//
//   - A node cites only what it holds verified: an entry of its own log, or
//     one stored by a verified mirror of the cited origin, with the same
//     leaf hash ([Check]). It writes nothing otherwise.
//   - A node that mirrors an entry checks its citations the same way
//     ([Judge]): a citation whose leaf hash differs from the commitment the
//     node holds for that (origin, index) is a forgery; one of an index the
//     node does not hold yet waits for the mirror of that origin.
//
// Citations sit in an entry's payload, in the top-level field "cites"
// ([Field]), except where a kind fixed its own field before this package
// existed (roster.agreed's "proposal"); [Extract] reads both.
package cite
