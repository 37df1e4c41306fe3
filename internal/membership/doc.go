// Package membership changes who belongs to the centre and whose joint
// decisions count: adding a party, making or unmaking a co-chair, retiring
// a party.
//
// A change is a proposal (membership.proposed) by a liaison or admin of a
// co-chair party. It names the co-chair parties at the time it is made;
// each of their liaisons agrees to it (membership.agreed, citing the
// proposal), and the agreement that completes the set is written in one
// batch with the change itself (party.created, party.co_chair_changed or
// party.retired, package accounts), which cites the proposal. Nothing else
// outside the bootstrap (truce init, demo, administration of a stopped
// node) changes membership, so no single party can add a co-chair that
// would then block every joint decision, or remove one.
package membership
