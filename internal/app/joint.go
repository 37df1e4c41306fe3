package app

import (
	"context"
	"encoding/hex"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/joint"
	"truce/internal/federation/rosterchange"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// jointHistory returns the findings service's view of a record across the
// logs the node holds (findings.Deps.Joint): its own tree read first, then
// its own entries within it and its mirrors' within their accepted
// checkpoints, in the joint order, with the logs read, its own first. A
// hosted node has one log, whose entries the joint order keeps in log
// order (an own entry cites only earlier ones, and its time never goes
// back).
func (a *App) jointHistory() func(ctx context.Context, subject string) ([]joint.Entry, []joint.Log, error) {
	return func(ctx context.Context, subject string) ([]joint.Entry, []joint.Log, error) {
		return a.jointEntries(ctx, subject)
	}
}

// jointLedgerHistory is jointHistory without the entries' origins: what
// joint.Source reads for the zones and agreements services.
func (a *App) jointLedgerHistory() func(ctx context.Context, subject string) ([]*ledger.Entry, []joint.Log, error) {
	return func(ctx context.Context, subject string) ([]*ledger.Entry, []joint.Log, error) {
		ordered, from, err := a.jointEntries(ctx, subject)
		if err != nil {
			return nil, nil, err
		}
		out := make([]*ledger.Entry, len(ordered))
		for i, e := range ordered {
			out[i] = e.Entry
		}
		return out, from, nil
	}
}

// jointNotices returns the notification service's view of a notice across
// the logs the node holds (notify.Deps.Joint): the entries as
// jointHistory reads them, with their origins, and each one's place on
// this node's timeline.
func (a *App) jointNotices() func(ctx context.Context, subject string) (*notify.JointHistory, error) {
	return func(ctx context.Context, subject string) (*notify.JointHistory, error) {
		ordered, from, err := a.jointEntries(ctx, subject)
		if err != nil {
			return nil, err
		}
		pos, err := a.DB.TimelinePlaces(ctx, subject)
		if err != nil {
			return nil, err
		}
		return &notify.JointHistory{Entries: ordered, From: from, Pos: pos}, nil
	}
}

// jointEntries returns the entries about subject across the logs the node
// holds, in the joint order, and the logs read, its own first.
func (a *App) jointEntries(ctx context.Context, subject string) ([]joint.Entry, []joint.Log, error) {
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
	return joint.Order(es), from, nil
}

// jointSource is how the zones and agreements services read a record's
// joint state (joint.Source): its entries across the logs the node holds
// (jointHistory), and on a party node the co-chairs of the roster in force,
// whose agreement counts there (a hosted node counts its parties'
// co-chair flags).
func (a *App) jointSource() joint.Source {
	s := joint.Source{History: a.jointLedgerHistory()}
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
