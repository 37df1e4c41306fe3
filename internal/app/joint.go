package app

import (
	"context"
	"encoding/hex"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/joint"
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
}
