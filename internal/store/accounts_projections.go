package store

import (
	"context"

	"truce/internal/accounts"
	"truce/internal/ledger"
)

// projectPartyCreated adds the party of a party.created entry.
func projectPartyCreated(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[accounts.PartyCreated](e)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO parties (id, name, kind, co_chair, created, seq) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.Party.ID, p.Party.Name, p.Party.Kind, p.Party.CoChair, e.Time, e.Seq)
	return err
}

// projectPartyCoChairChanged sets a party's co-chair flag
// (party.co_chair_changed, written by membership).
func projectPartyCoChairChanged(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[accounts.PartyCoChairChanged](e)
	if err != nil {
		return err
	}
	if err := execOne(ctx, q, `UPDATE parties SET co_chair = $2, seq = $3 WHERE id = $1`, p.PartyID, p.CoChair, e.Seq); err != nil {
		return err
	}
	if p.CoChair {
		return nil
	}
	return completeVersions(ctx, q, e) // nothing waits for a party that is no co-chair
}

// completeVersions agrees, at e's time, every zone and agreement version
// that waited only for a party e took out of the co-chairs.
func completeVersions(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	if err := completeZoneVersions(ctx, q, e); err != nil {
		return err
	}
	return completeAgreementVersions(ctx, q, e)
}

// projectPartyRetired marks a party retired and no longer a co-chair
// (party.retired, written by membership); the zone versions that only its
// agreement kept pending, and the agreement versions, are agreed at once
// (completeVersions).
func projectPartyRetired(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[accounts.PartyRetired](e)
	if err != nil {
		return err
	}
	if err := execOne(ctx, q, `UPDATE parties SET retired = $2, co_chair = $3, seq = $4 WHERE id = $1`, p.PartyID, e.Time, false, e.Seq); err != nil {
		return err
	}
	return completeVersions(ctx, q, e)
}

// projectUserCreated adds the user of a user.created entry.
func projectUserCreated(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[accounts.UserCreated](e)
	if err != nil {
		return err
	}
	u := p.User
	_, err = q.ExecContext(ctx, `INSERT INTO users (id, username, party, role, display_name, disabled, created, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		u.ID, u.Username, u.Party, string(u.Role), u.DisplayName, u.Disabled, e.Time, e.Seq)
	return err
}

// projectUserDisabled disables a user (user.disabled).
func projectUserDisabled(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[accounts.UserDisabled](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE users SET disabled = 1, seq = $2 WHERE id = $1`, p.UserID, e.Seq)
}

// projectTokenIssued adds the token of a token.issued entry (its hash is
// node-local, never in the log).
func projectTokenIssued(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[accounts.TokenIssued](e)
	if err != nil {
		return err
	}
	t := p.Token
	_, err = q.ExecContext(ctx, `INSERT INTO tokens (id, user_id, name, created, expires, revoked, seq, scope) VALUES ($1, $2, $3, $4, $5, '', $6, $7)`,
		t.ID, t.UserID, t.Name, e.Time, t.Expires, e.Seq, t.Scope)
	return err
}

// projectTokenRevoked marks a token revoked (token.revoked).
func projectTokenRevoked(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[accounts.TokenRevoked](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE tokens SET revoked = $2, seq = $3 WHERE id = $1`, p.TokenID, e.Time, e.Seq)
}
