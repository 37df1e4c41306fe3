package split

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/federation/cite"
	"truce/internal/federation/hostedlog"
	"truce/internal/federation/mirror"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
)

// buildNode creates party's node in o.Out/party, archives the hosted log
// in it and writes the party's hosted statements into its new log.
func buildNode(ctx context.Context, o Options, h *Hosted, plan []Disposition, party string) (*Node, error) {
	hp, _ := h.party(party)
	n := &Node{Party: party, Origin: o.Origins[party], Dir: filepath.Join(o.Out, party)}
	o.Progress("%s: creating its party node %s in %s", party, n.Origin, n.Dir)
	if _, err := app.Init(ctx, app.InitOptions{Dir: n.Dir, Origin: n.Origin, Federated: true,
		Party:     accounts.NewParty{ID: hp.ID, Name: hp.Name, Kind: hp.Kind, CoChair: hp.CoChair},
		AdminUser: party + "-admin", AdminPassword: o.AdminPassword}); err != nil {
		return nil, err
	}
	unlock, err := app.LockDataDir(n.Dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	a, err := app.Open(ctx, &config.Server{Data: n.Dir}, app.Options{})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	for _, p := range h.Parties {
		if p.ID == party {
			continue
		}
		if _, err := a.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: p.ID, Name: p.Name, Kind: p.Kind, CoChair: p.CoChair}, true); err != nil {
			return nil, fmt.Errorf("party %s: %w", p.ID, err)
		}
	}
	chunk := mirror.Chunk{Origin: h.Origin, Commitments: h.Commitments, Checkpoint: h.Checkpoint,
		Size: int64(len(h.Commitments)), Root: h.Root, Complete: true, Time: time.Now()}
	for i, e := range h.Entries {
		if e.Party == party || e.Release.ReleasableToParty(party) {
			canonical, err := e.Canonical()
			if err != nil {
				return nil, err
			}
			chunk.Contents = append(chunk.Contents, mirror.Content{Seq: int64(i), Canonical: canonical})
		}
	}
	if err := a.DB.ArchiveLog(ctx, chunk); err != nil {
		return nil, err
	}
	n.Archived = len(chunk.Contents)
	o.Progress("%s: archived the hosted log (%d commitments, the contents of %d entries releasable to %s)", party, len(chunk.Commitments), n.Archived, party)
	if err := writeStatements(ctx, o, a, h, plan, n); err != nil {
		return nil, err
	}
	// Sign the new log whole before closing, without Close's time limit.
	a.Sequencer.Close()
	if _, err := a.Checkpointer.SignNow(ctx); err != nil {
		return nil, fmt.Errorf("sign the new log: %w", err)
	}
	pn, err := app.LoadPartyNode(n.Dir)
	if err != nil {
		return nil, err
	}
	n.Card = roster.Member{Party: party, Origin: n.Origin, LogKey: a.Keys.VerifierKey, WitnessKey: pn.Witness.VerifierKey(),
		TLSPin: pn.TLS.Pin(), CoChair: hp.CoChair}
	if u := o.URLs[party]; u != "" {
		n.Card.URLs = []string{u}
	}
	return n, nil
}

// writeStatements appends to a's log the federation.split entry, then the
// party's hosted statements in hosted order, each citing its original.
func writeStatements(ctx context.Context, o Options, a *app.App, h *Hosted, plan []Disposition, n *Node) error {
	last := len(h.Entries) - 1
	head := ledger.Draft{Party: n.Party, Author: n.Party + "-admin", Kind: KindSplit,
		Release: access.Releasability{TLP: access.TLPGreen},
		Payload: hostedlog.Head{Cites: []cite.Citation{cite.Of(h.Origin, int64(last), h.Commitments[last])},
			HostedOrigin: h.Origin, LogKey: h.VerifierKey, TreeSize: int64(len(h.Commitments)),
			RootHash: base64.StdEncoding.EncodeToString(h.Root[:]), Checkpoint: string(h.Checkpoint)}}
	if _, err := a.Sequencer.Append(ctx, ledger.Change{Draft: head}); err != nil {
		return fmt.Errorf("the federation.split entry: %w", err)
	}
	for i, e := range h.Entries {
		if plan[i] == Keep || e.Party != n.Party {
			continue
		}
		c := cite.Of(h.Origin, int64(i), h.Commitments[i])
		if plan[i] == Restate {
			d, err := restated(e, c)
			if err != nil {
				return err
			}
			_, err = a.Sequencer.Append(ctx, ledger.Change{Draft: d})
			if err != nil {
				o.Progress("%s: hosted entry %d (%s) cannot be projected on its own (%v): carried", n.Party, i, e.Kind, err)
			}
			plan[i] = Carry
			if err == nil {
				plan[i] = Restate
				n.Restated++
			}
		}
		if plan[i] == Carry {
			if _, err := a.Sequencer.Append(ctx, ledger.Change{Draft: carried(e, c)}); err != nil {
				return fmt.Errorf("carry hosted entry %d (%s): %w", i, e.Kind, err)
			}
			n.Carried++
		}
		if done := n.Restated + n.Carried; done%200 == 0 {
			o.Progress("%s: %d statements written", n.Party, done)
		}
	}
	o.Progress("%s: %d statements restated, %d carried, each citing its hosted original", n.Party, n.Restated, n.Carried)
	return nil
}

// restated returns e as a draft of its party's new log, citing c.
func restated(e *ledger.Entry, c cite.Citation) (ledger.Draft, error) {
	payload, err := cite.Merge(e.Payload, []cite.Citation{c})
	if err != nil {
		return ledger.Draft{}, fmt.Errorf("restate hosted entry %d (%s): %w", e.Seq, e.Kind, err)
	}
	return ledger.Draft{Party: e.Party, Author: e.Author, Kind: e.Kind, Subject: e.Subject, Release: e.Release,
		Payload: json.RawMessage(payload)}, nil
}

// carried returns the history.carried draft of e, citing c.
func carried(e *ledger.Entry, c cite.Citation) ledger.Draft {
	return ledger.Draft{Party: e.Party, Author: e.Author, Kind: KindCarried, Release: e.Release,
		Payload: map[string]any{cite.Field: []cite.Citation{c}, "kind": e.Kind, "subject": e.Subject,
			"time": e.Time, "payload": e.Payload}}
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
