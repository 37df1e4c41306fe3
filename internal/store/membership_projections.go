package store

import (
	"context"
	"encoding/json"

	"truce/internal/ledger"
	"truce/internal/membership"
)

// projectMembershipProposed adds a pending membership proposal
// (membership.proposed).
func projectMembershipProposed(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[membership.Proposed](e)
	if err != nil {
		return err
	}
	spec, err := json.Marshal(p.Spec)
	if err != nil {
		return err
	}
	required, err := json.Marshal(p.Required)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO membership_proposals (id, kind, party, spec, proposer_party, author, proposed_at, required, status, in_force_at, first_seq, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $10)`,
		p.ID, string(p.Spec.Kind), p.Spec.Party, string(spec), e.Party, e.Author, e.Time, string(required), string(membership.StatusPending), e.Seq)
	return err
}

// projectMembershipAgreed records a co-chair's agreement, putting the
// proposal in force when it completes it (membership.agreed).
func projectMembershipAgreed(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[membership.Agreed](e)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO membership_agreements (proposal_id, party, author, time, seq) VALUES ($1, $2, $3, $4, $5)`,
		p.ProposalID, p.Party, e.Author, e.Time, e.Seq); err != nil {
		return err
	}
	if p.Complete {
		return execOne(ctx, q, `UPDATE membership_proposals SET status = $2, in_force_at = $3, seq = $4 WHERE id = $1`,
			p.ProposalID, string(membership.StatusInForce), e.Time, e.Seq)
	}
	return execOne(ctx, q, `UPDATE membership_proposals SET seq = $2 WHERE id = $1`, p.ProposalID, e.Seq)
}

// projectMembershipWithdrawn marks a proposal withdrawn
// (membership.withdrawn).
func projectMembershipWithdrawn(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[membership.Withdrawn](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE membership_proposals SET status = $2, seq = $3 WHERE id = $1`,
		p.ProposalID, string(membership.StatusWithdrawn), e.Seq)
}
