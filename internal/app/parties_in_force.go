package app

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/accounts"
	"truce/internal/federation/roster"
	"truce/internal/findings"
)

// partiesInForce returns the centre's parties as the findings, cases and
// monitoring services count them: on a hosted node as the accounts hold
// them, and on a party node as the roster in force says (asRoster).
func (a *App) partiesInForce(ctx context.Context) ([]accounts.Party, error) {
	ps, err := a.DB.Access().Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("app: parties: %w", err)
	}
	if a.Federation == nil {
		return ps, nil
	}
	if r := a.Federation.Roster(); r != nil {
		return asRoster(ps, r), nil
	}
	return ps, nil
}

// asRoster returns a copy of ps with the co-chairs and the monitoring cell
// that roster r says: a party is a co-chair only if it is a member marked
// co_chair (and has not left the centre); if any member is marked monitor,
// the monitoring cell (kind findings.MonitorKind) is exactly those members,
// and a party of that kind the roster does not mark counts as "other".
// Without a monitor mark the kinds stay as the accounts hold them.
func asRoster(ps []accounts.Party, r *roster.Roster) []accounts.Party {
	marked := slices.ContainsFunc(r.Members, func(m roster.Member) bool { return m.Monitor })
	out := slices.Clone(ps)
	for i := range out {
		p := &out[i]
		m, ok := r.ByParty(p.ID)
		p.CoChair = ok && m.CoChair && p.Retired == ""
		switch {
		case !marked:
		case ok && m.Monitor:
			p.Kind = findings.MonitorKind
		case p.Kind == findings.MonitorKind:
			p.Kind = "other"
		}
	}
	return out
}
