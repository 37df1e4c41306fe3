package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/membership"
)

// Membership returns the membership.Store over d.
func (d *DB) Membership() membership.Store { return membershipStore{d} }

type membershipStore struct{ d *DB }

func (s membershipStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

func (s membershipStore) Party(ctx context.Context, q ledger.Querier, id string) (*accounts.Party, error) {
	return accessStore(s).Party(ctx, q, id)
}

func (s membershipStore) CoChairs(ctx context.Context, q ledger.Querier) ([]string, error) {
	return coChairs(ctx, s.q(q))
}

const proposalCols = `id, spec, proposer_party, author, proposed_at, required, status, in_force_at, seq`

func scanProposal(sc interface{ Scan(...any) error }) (*membership.Proposal, error) {
	var p membership.Proposal
	var spec, required string
	if err := sc.Scan(&p.ID, &spec, &p.ProposerParty, &p.Author, &p.ProposedAt, &required, &p.Status, &p.InForceAt, &p.Seq); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(spec), &p.Spec); err != nil {
		return nil, fmt.Errorf("proposal %s: spec: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(required), &p.Required); err != nil {
		return nil, fmt.Errorf("proposal %s: required: %w", p.ID, err)
	}
	return &p, nil
}

// agreedBy fills p.AgreedBy from membership_agreements.
func (s membershipStore) agreedBy(ctx context.Context, q ledger.Querier, p *membership.Proposal) error {
	rows, err := q.QueryContext(ctx, `SELECT party FROM membership_agreements WHERE proposal_id = $1 ORDER BY party`, p.ID)
	if err != nil {
		return fmt.Errorf("store: agreements of %s: %w", p.ID, err)
	}
	defer rows.Close()
	p.AgreedBy = []string{}
	for rows.Next() {
		var party string
		if err := rows.Scan(&party); err != nil {
			return err
		}
		p.AgreedBy = append(p.AgreedBy, party)
	}
	return rows.Err()
}

func (s membershipStore) Proposal(ctx context.Context, q ledger.Querier, id string) (*membership.Proposal, error) {
	q = s.q(q)
	p, err := scanProposal(q.QueryRowContext(ctx, `SELECT `+proposalCols+` FROM membership_proposals WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("proposal %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: proposal %s: %w", id, err)
	}
	if err := s.agreedBy(ctx, q, p); err != nil {
		return nil, err
	}
	return p, nil
}

func (s membershipStore) Proposals(ctx context.Context, status membership.Status) ([]membership.Proposal, error) {
	query := `SELECT ` + proposalCols + ` FROM membership_proposals`
	var args []any
	if status != "" {
		query += ` WHERE status = $1`
		args = append(args, string(status))
	}
	ps, err := queryAll(ctx, s.d.SQL, scanProposal, query+` ORDER BY first_seq DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: proposals: %w", err)
	}
	for i := range ps {
		if err := s.agreedBy(ctx, s.d.SQL, &ps[i]); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

func (s membershipStore) PendingFor(ctx context.Context, q ledger.Querier, party string) (string, error) {
	var id string
	err := s.q(q).QueryRowContext(ctx, `SELECT id FROM membership_proposals WHERE party = $1 AND status = $2 LIMIT 1`,
		party, string(membership.StatusPending)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: pending proposals about %s: %w", party, err)
	}
	return id, nil
}
