// Package rosterchange changes a federation's roster by proposal, on the
// log: the federated counterpart of package membership.
//
// A proposal (roster.proposed) is an entry in the proposing node's own log
// carrying a whole new roster: version exactly the previous + 1, and the
// canonical hash (roster.Roster.Hash) of the roster in force that it
// replaces. It is released (GREEN) to every party of the roster in force
// and of the proposed one, so every peer mirrors it. Each co-chair of the
// roster in force logs, on its own node, an agreement (roster.agreed) that
// cites the proposal by (origin, index, leaf hash) and the proposed
// roster's hash. A node cites only a proposal it holds verified: in its own
// log or in its verified mirror of the proposer's log.
//
// Next is the pure, deterministic rule every node applies to the entries it
// holds: given the roster in force and the verified entries (its own and
// mirrored), the roster in force next. A co-chair's first agreement for a
// version (lowest index in its own log) is its only one, so at most one of
// two conflicting proposals can gather every co-chair; two nodes holding
// the same entries compute the same roster, whatever order they read them
// in.
package rosterchange
