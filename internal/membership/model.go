package membership

import (
	"slices"

	"truce/internal/accounts"
)

// Kind is what a proposal changes.
type Kind string

// The proposal kinds.
const (
	KindAddParty     Kind = "add_party"      // admit a new party (possibly as a co-chair)
	KindSetCoChair   Kind = "set_co_chair"   // make a member party a co-chair
	KindUnsetCoChair Kind = "unset_co_chair" // a co-chair party is no longer one
	KindRetireParty  Kind = "retire_party"   // a party leaves the centre
)

// Kinds lists every proposal kind.
var Kinds = []Kind{KindAddParty, KindSetCoChair, KindUnsetCoChair, KindRetireParty}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Status is a proposal's state.
type Status string

// The proposal statuses. A proposal is pending until every co-chair it
// names has agreed, then in force; its proposer's party may withdraw it
// while it is pending.
const (
	StatusPending   Status = "pending"
	StatusInForce   Status = "in_force"
	StatusWithdrawn Status = "withdrawn"
)

// Spec is what a proposal asks for.
type Spec struct {
	Kind Kind `json:"kind"`
	// Party is the party concerned (for add_party, NewParty.ID).
	Party string `json:"party"`
	// NewParty is the party to admit (add_party only).
	NewParty *accounts.NewParty `json:"new_party,omitempty"`
	// Note says why, for the record (at most 2,000 bytes).
	Note string `json:"note,omitempty"`
}

// Proposal is a membership proposal as the projection holds it.
type Proposal struct {
	ID string `json:"id"`
	Spec
	// ProposerParty and Author are who proposed it; ProposedAt when.
	ProposerParty string `json:"proposer_party"`
	Author        string `json:"author"`
	ProposedAt    string `json:"proposed_at"`
	// Required lists the co-chair parties at the time of the proposal,
	// sorted: the proposal is in force once each of them agreed.
	Required []string `json:"required"`
	// AgreedBy lists the parties that agreed, sorted.
	AgreedBy []string `json:"agreed_by"`
	Status   Status   `json:"status"`
	// InForceAt is when the last required agreement was logged.
	InForceAt string `json:"in_force_at,omitempty"`
	// Seq is the sequence number of the proposal's last entry.
	Seq int64 `json:"seq"`
}

// Missing returns the required parties that have not agreed yet, sorted.
func (p *Proposal) Missing() []string { return missing(p.Required, p.AgreedBy) }

func missing(required, agreed []string) []string {
	out := []string{}
	for _, r := range required {
		if !slices.Contains(agreed, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// Entry kinds of this domain; the changes themselves are accounts' party.*
// entries.
const (
	EntryProposed  = "membership.proposed"
	EntryAgreed    = "membership.agreed"
	EntryWithdrawn = "membership.withdrawn"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		EntryProposed,
		EntryAgreed,
		EntryWithdrawn,
	}
}

// Proposed is the payload of membership.proposed.
type Proposed struct {
	ID       string   `json:"id"`
	Spec     Spec     `json:"spec"`
	Required []string `json:"required"`
}

// Agreed is the payload of membership.agreed: party Party agreed to
// proposal ProposalID. Complete is true when this agreement is the last one
// required: the change is then logged in the same batch.
type Agreed struct {
	ProposalID string `json:"proposal_id"`
	Party      string `json:"party"`
	Complete   bool   `json:"complete"`
}

// Withdrawn is the payload of membership.withdrawn: the proposer's party
// withdrew pending proposal ProposalID, which can then never be in force.
type Withdrawn struct {
	ProposalID string `json:"proposal_id"`
}

// Subject returns the log subject of proposal id.
func Subject(id string) string { return "membership:" + id }
