package app

import (
	"context"
	"encoding/hex"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/joint"
	"truce/internal/federation/rosterchange"
	"truce/internal/ledger"
)

// jointHistory returns the findings service's view of a record across the
// logs the node holds (findings.Deps.Joint): its own tree read first, then
// its own entries within it and its mirrors' within their accepted
// checkpoints, in the joint order, with the logs read, its own first. A
// hosted node has one log, whose entries the joint order keeps in log
// order (an own entry cites only earlier ones, and its time never goes
// back).
func (a *App) jointHistory() func(ctx context.Context, subject string) ([]*ledger.Entry, []joint.Log, error) {
	return func(ctx context.Context, subject string) ([]*ledger.Entry, []joint.Log, error) {
		r, size := a.Hashes.Snapshot()
		root, err := tlog.TreeHash(size, r)
		if err != nil {
			return nil, nil, fmt.Errorf("app: joint history of %s: own tree: %w", subject, err)
		}
		es, logs, err := a.DB.JointHistory(ctx, subject, size)
		if err != nil {
			return nil, nil, err
		}
		from := append([]joint.Log{{Origin: a.Keys.Origin(), TreeSize: size, RootHash: hex.EncodeToString(root[:])}}, logs...)
		ordered := joint.Order(es)
		out := make([]*ledger.Entry, len(ordered))
		for i, e := range ordered {
			out[i] = e.Entry
		}
		return out, from, nil
	}
}

// jointSource is how the zones and agreements services read a record's
// joint state (joint.Source): its entries across the logs the node holds
// (jointHistory), and on a party node the co-chairs of the roster in force,
// whose agreement counts there (a hosted node counts its parties'
// co-chair flags).
func (a *App) jointSource() joint.Source {
	s := joint.Source{History: a.jointHistory()}
	if a.Federation != nil {
		s.CoChairs = func(ctx context.Context) ([]string, error) {
			if r := a.Federation.Roster(); r != nil {
				return rosterchange.CoChairs(r), nil
			}
			return a.DB.Zones().CoChairs(ctx, nil)
		}
	}
	return s
}
