package store

import (
	"context"

	"truce/internal/accounts"
	"truce/internal/ledger"
)

func init() {
	register([]string{"parties", "users", "tokens"}, map[string]projector{
		accounts.KindPartyCreated: func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
			p, err := decode[accounts.PartyCreated](e)
			if err != nil {
				return err
			}
			_, err = q.ExecContext(ctx, `INSERT INTO parties (id, name, kind, co_chair, created, seq) VALUES ($1, $2, $3, $4, $5, $6)`,
				p.Party.ID, p.Party.Name, p.Party.Kind, p.Party.CoChair, e.Time, e.Seq)
			return err
		},
		accounts.KindUserCreated: func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
			p, err := decode[accounts.UserCreated](e)
			if err != nil {
				return err
			}
			u := p.User
			_, err = q.ExecContext(ctx, `INSERT INTO users (id, username, party, role, display_name, disabled, created, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				u.ID, u.Username, u.Party, string(u.Role), u.DisplayName, u.Disabled, e.Time, e.Seq)
			return err
		},
		accounts.KindUserDisabled: func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
			p, err := decode[accounts.UserDisabled](e)
			if err != nil {
				return err
			}
			return execOne(ctx, q, `UPDATE users SET disabled = 1, seq = $2 WHERE id = $1`, p.UserID, e.Seq)
		},
		accounts.KindTokenIssued: func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
			p, err := decode[accounts.TokenIssued](e)
			if err != nil {
				return err
			}
			t := p.Token
			_, err = q.ExecContext(ctx, `INSERT INTO tokens (id, user_id, name, created, expires, revoked, seq, scope) VALUES ($1, $2, $3, $4, $5, '', $6, $7)`,
				t.ID, t.UserID, t.Name, e.Time, t.Expires, e.Seq, t.Scope)
			return err
		},
		accounts.KindTokenRevoked: func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
			p, err := decode[accounts.TokenRevoked](e)
			if err != nil {
				return err
			}
			return execOne(ctx, q, `UPDATE tokens SET revoked = $2, seq = $3 WHERE id = $1`, p.TokenID, e.Time, e.Seq)
		},
	})
}
