package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/config"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// witnessClient adapts a witness.Client to ledger.Witness, remembering the
// size the witness last cosigned so that each push carries the right
// consistency proof (the client learns a different size from a 409).
type witnessClient struct {
	client   *witness.Client
	lastSize atomic.Int64
}

// NewWitnessClient returns a ledger.Witness pushing to the witness at url
// whose cosignature verifier key is vkey.
func NewWitnessClient(url, vkey string) (ledger.Witness, error) {
	c, err := witness.NewClient(witness.ClientConfig{URL: url, WitnessKey: vkey})
	if err != nil {
		return nil, err
	}
	return &witnessClient{client: c}, nil
}

func (w *witnessClient) Name() string { return w.client.Verifier().Name() }

func (w *witnessClient) Cosign(ctx context.Context, signed []byte, cp ledger.Checkpoint, prove func(context.Context, int64) (tlog.TreeProof, error)) ([]byte, error) {
	cos, err := w.client.AddCheckpoint(ctx, signed, w.lastSize.Load(), witness.ProofFunc(prove))
	if err != nil {
		return nil, err
	}
	w.lastSize.Store(cp.N)
	return []byte(cos.Line()), nil
}

// newWitnessClients returns a client for each configured witness.
func newWitnessClients(ws []config.Witness, log *slog.Logger) ([]ledger.Witness, error) {
	out := make([]ledger.Witness, 0, len(ws))
	for _, w := range ws {
		c, err := NewWitnessClient(w.URL, w.Key)
		if err != nil {
			return nil, fmt.Errorf("--witness %s: %w", w.URL, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// newCheckpointer returns the checkpointer of the node's log, continuing
// from prev and pushing to witnesses or, if witnesses is nil, to the
// configured ones and, on a federated node, to every peer's embedded
// witness, with the roster's quorum added to the configured one. A
// quorum outside 0..len(witnesses) means all of them. observer is told of
// every signing (the node's metrics).
func (a *App) newCheckpointer(prev *ledger.SignedCheckpoint, witnesses []ledger.Witness, observer ledger.CheckpointObserver) (*ledger.Checkpointer, error) {
	quorum := a.Config.Quorum
	var push *checkpointPush // what a roster change reconfigures (federation_roster.go)
	if witnesses == nil {
		var err error
		if witnesses, err = newWitnessClients(a.Config.Witnesses, a.Log); err != nil {
			return nil, err
		}
		if a.Federation != nil {
			r := a.Federation.Roster()
			peers, err := a.Federation.witnesses(r) // federation_peers.go
			if err != nil {
				return nil, err
			}
			external := len(witnesses)
			if quorum, err = federatedQuorum(quorum, external, r.Quorum); err != nil {
				return nil, err
			}
			push = &checkpointPush{external: witnesses, externalQuorum: quorum - r.Quorum, peers: peers}
			witnesses = append(append([]ledger.Witness{}, witnesses...), peers...)
		}
	}
	if quorum < 0 || quorum > len(witnesses) {
		quorum = len(witnesses)
	}
	if prev != nil && a.Keys.SignedBy(prev.Signed) != a.Keys.Verifier {
		// Signed with a key retired since (a rotation came into force):
		// publish none until the first checkpoint under the new key.
		a.Log.Info("the latest checkpoint was signed with a retired log key: signing the tree again with the key in use", "size", prev.N)
		prev = nil
	}
	c, err := ledger.NewCheckpointer(a.Keys.Origin(), a.Keys.Signer, a.Hashes, a.DB, prev,
		ledger.CheckpointerOptions{Witnesses: witnesses, Quorum: quorum, Recosign: a.Config.FederationMaxAge / 4, Logger: a.Log,
			Observer: observer})
	if err != nil {
		return nil, fmt.Errorf("app: checkpointer: %w", err)
	}
	if push != nil {
		push.cp = c
		a.Federation.pusher = push
	}
	return c, nil
}

// federatedQuorum returns the checkpointer quorum of a federated node with
// external configured witnesses of which quorum must cosign, and the
// peers' witnesses of which the roster's quorum must. The checkpointer
// counts cosignatures of any of them, so it refuses a quorum below the
// number of external witnesses: their cosignatures could then stand in
// for the peers', and the node would publish checkpoints that its peers'
// mirrors must refuse.
func federatedQuorum(quorum, external, rosterQuorum int) (int, error) {
	if quorum < 0 || quorum > external {
		quorum = external
	}
	if quorum < external {
		return 0, fmt.Errorf("app: --quorum %d is less than the %d --witness: on a federated node every configured witness must cosign, besides the roster's quorum of peers", quorum, external)
	}
	return quorum + rosterQuorum, nil
}
