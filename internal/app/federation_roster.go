package app

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
	"truce/internal/federation/rosterchange"
	"truce/internal/ledger"
	"truce/internal/store"
)

// rosterEntries holds the roster change entries read so far from each
// mirror, and where to read on.
type rosterEntries struct {
	mu   sync.Mutex
	next map[string]int64 // per origin, the next seq to read
	held []rosterchange.Entry
}

// rosterKind is how every roster change entry's canonical bytes name its
// kind: a cheap first filter before an entry is decoded and checked.
var rosterKind = []byte(`"kind":"roster.`)

// RosterEntries implements rosterchange.Source: the roster change entries
// of this node's own log (each read checked against the tree) and those of
// its mirrors of the peers of the roster in force (each stored only after
// the mirror verified it; read again here, strictly decoded and checked
// against its stored commitment). Mirrors are read from where the last
// call stopped.
func (f *Federation) RosterEntries(ctx context.Context) ([]rosterchange.Entry, error) {
	own, err := f.db.EntriesBySubject(ctx, rosterchange.Subject)
	if err != nil {
		return nil, fmt.Errorf("app: roster entries: %w", err)
	}
	var out []rosterchange.Entry
	for _, se := range own {
		out = append(out, rosterchange.FromLedger(f.origin, se.Entry, se.Commitment))
	}
	c := &f.entries
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.next == nil {
		c.next = map[string]int64{}
	}
	for _, m := range f.peers() {
		if err := c.readLocked(ctx, f.db, m.Origin); err != nil {
			return nil, err
		}
	}
	return append(out, c.held...), nil
}

// readLocked reads the new roster change entries of origin's mirror.
func (c *rosterEntries) readLocked(ctx context.Context, db *store.DB, origin string) error {
	return db.MirroredContentFrom(ctx, origin, c.next[origin], func(row store.MirroredEntry) error {
		c.next[origin] = row.Seq + 1
		if !bytes.Contains(row.Content, rosterKind) {
			return nil
		}
		e, err := ledger.DecodeEntry(row.Content)
		if err != nil {
			return fmt.Errorf("app: mirrored entry %s#%d: %w", origin, row.Seq, err)
		}
		sum := ledger.Commitment(row.Content)
		if !bytes.Equal(sum[:], row.Commitment) || e.Seq != row.Seq {
			return fmt.Errorf("app: mirrored entry %s#%d does not match its stored commitment", origin, row.Seq)
		}
		if rosterchange.Relevant(e.Kind) {
			c.held = append(c.held, rosterchange.FromLedger(origin, e, sum))
		}
		return nil
	})
}

// followRoster computes the roster in force next every poll interval and
// installs it when a change came into force, until ctx ends.
func (f *Federation) followRoster(ctx context.Context) {
	t := time.NewTicker(f.poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, err := f.Changes.Compute(ctx)
		if err != nil {
			if ctx.Err() == nil {
				f.log.WarnContext(ctx, "roster changes not read", "err", err)
			}
			continue
		}
		var proposed []*roster.Roster
		for _, p := range v.Pending {
			proposed = append(proposed, p.Roster)
		}
		f.grace.Upcoming(v.Roster, proposed) // a rotating member may switch before this node learns of it
		if v.Roster.Version <= f.Roster().Version {
			continue
		}
		if err := f.applyRoster(ctx, v.Roster, v.Hash); err != nil && ctx.Err() == nil {
			f.log.ErrorContext(ctx, "roster change not installed", "version", v.Roster.Version, "err", err)
		}
	}
}

// applyRoster installs r (whose hash is hash) in the data directory
// atomically, then puts it in force without a restart: from then on the
// listener accepts only its members' TLS pins (each new connection and
// each request), the mirrors follow its peers, the embedded witness
// witnesses their logs, and checkpoints are pushed to their witnesses with
// its quorum. The parties r says this node hosts (hosted_by) are hosted
// from then on: their users sign in and write here, and the mirrors fetch
// what is released to them; a party no longer hosted here is refused.
// A node no longer on r stops mirroring and pushing.
func (f *Federation) applyRoster(ctx context.Context, r *roster.Roster, hash string) error {
	if err := roster.Install(f.data, r); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.mirrors
	f.mirrors = nil
	if rotated := f.grace.Rotated(f.Roster(), r, peertls.DefaultGrace); len(rotated) > 0 {
		f.log.InfoContext(ctx, "TLS certificates rotated: their replaced pins stay accepted until the new ones are seen in use",
			"version", r.Version, "parties", rotated, "grace", peertls.DefaultGrace)
	}
	f.setRoster(r, hash)
	if hosted := r.Hosts(f.Party); !slices.Equal(hosted, f.hosted.List()) {
		f.hosted.Set(hosted)
		f.writer.SetParties(append([]string{f.Party}, hosted...))
		f.log.InfoContext(ctx, "hosted parties changed", "version", r.Version, "hosted", hosted)
	}
	for _, rm := range old {
		rm.stop()
	}
	f.log.InfoContext(ctx, "roster change in force", "version", r.Version, "hash", hash, "peers", len(f.peers()))
	if self, ok := r.ByParty(f.Party); ok && !self.Hosted() {
		if err := f.switchKeys(ctx, r, self); err != nil {
			f.log.ErrorContext(ctx, "key rotation not switched to", "version", r.Version, "err", err)
		}
		f.checkOwnKeys(ctx, self, r.Version)
	}
	if _, member := r.ByParty(f.Party); !member {
		f.log.ErrorContext(ctx, "this node is not on the roster in force: it no longer mirrors or witnesses anyone")
	}
	ms, err := f.buildMirrors(ctx, r)
	if err != nil {
		return err
	}
	for _, rm := range ms {
		f.startLocked(rm)
	}
	f.mirrors = ms
	w, err := f.openWitness(ctx)
	if err != nil {
		return err
	}
	if err := f.witness.swap(w); err != nil {
		f.log.WarnContext(ctx, "federation witness", "err", err)
	}
	return f.pusher.reconfigure(f, r)
}

// checkpointPush is what the checkpointer of a federated node pushes to:
// the configured (external) witnesses, all of which must cosign, and the
// witnesses of the peers of the roster in force, of which its quorum must.
type checkpointPush struct {
	cp             *ledger.Checkpointer
	external       []ledger.Witness
	externalQuorum int
	peers          []ledger.Witness
}

// reconfigure makes the checkpointer push to the witnesses of r's peers
// with r's quorum, and closes the idle connections to the old ones. A nil
// p (checkpoints not pushed to the peers) changes nothing.
func (p *checkpointPush) reconfigure(f *Federation, r *roster.Roster) error {
	if p == nil {
		return nil
	}
	peers, err := f.witnesses(r)
	if err != nil {
		return err
	}
	quorum := p.externalQuorum
	if len(peers) > 0 {
		quorum += r.Quorum
	}
	if err := p.cp.SetWitnesses(append(append([]ledger.Witness{}, p.external...), peers...), quorum); err != nil {
		return err
	}
	for _, w := range p.peers {
		if pw, ok := w.(*peerWitness); ok {
			pw.hc.CloseIdleConnections()
		}
	}
	p.peers = peers
	return nil
}

// switchKeys switches the running node to the witness key and TLS
// certificate of its pending rotation that r (self, its entry) names
// (PromoteLive): the files are moved as at a start, and the node then
// cosigns with the new witness key (applyRoster opens the witness after
// it) and presents the new certificate at its next handshakes, as server
// and as client. Called with f.mu held.
func (f *Federation) switchKeys(ctx context.Context, r *roster.Roster, self roster.Member) error {
	switched, err := PromoteLive(f.data, r, self, f.log)
	if err != nil || !switched {
		return err
	}
	node, err := LoadPartyNode(f.data)
	if err != nil {
		return fmt.Errorf("app: the rotated keys: %w", err)
	}
	f.nodeP.Store(node)
	f.log.InfoContext(ctx, "key rotation switched without a restart", "version", r.Version,
		"witness_key", node.Witness.VerifierKey(), "tls_pin", node.TLS.Pin())
	return nil
}

// checkOwnKeys logs an error when the roster in force (version) gives this
// node (self) keys other than those it uses: a rotation of its log key
// came into force and the node switches to it (from RotationDir) only when
// it starts again; until then its peers refuse its new checkpoints.
func (f *Federation) checkOwnKeys(ctx context.Context, self roster.Member, version int64) {
	var stale []string
	if self.LogKey != f.logKey {
		stale = append(stale, "log_key")
	}
	if self.WitnessKey != f.node().Witness.VerifierKey() {
		stale = append(stale, "witness_key")
	}
	if self.TLSPin != f.node().TLS.Pin() {
		stale = append(stale, "tls_pin")
	}
	if len(stale) > 0 {
		f.log.ErrorContext(ctx, "this node's keys rotated: restart it ('truce serve') to switch to the new ones it holds pending; "+
			"until then its peers refuse what it signs with the old ones", "version", version, "rotated", stale)
	}
}
