package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerurl"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/witness"
)

// mirrorPeer returns what a mirror of member needs from the roster: its
// log key and retired log keys, the parties it speaks for (itself and those it hosts), and the
// witness keys of every other member with the roster's quorum.
func mirrorPeer(r *roster.Roster, member roster.Member) (mirror.Peer, error) {
	logKey, err := note.NewVerifier(member.LogKey)
	if err != nil {
		return mirror.Peer{}, fmt.Errorf("app: roster member %s: log key: %w", member.Party, err)
	}
	var retired []note.Verifier
	for _, k := range member.RetiredLogKeys {
		v, err := note.NewVerifier(k)
		if err != nil {
			return mirror.Peer{}, fmt.Errorf("app: roster member %s: retired log key: %w", member.Party, err)
		}
		retired = append(retired, v)
	}
	var ws []note.Verifier
	for _, m := range r.Members {
		if m.Party == member.Party || m.Hosted() || m.WitnessKey == "" {
			continue
		}
		v, err := witness.ParseCosignatureVerifier(m.WitnessKey)
		if err != nil {
			return mirror.Peer{}, fmt.Errorf("app: roster member %s: witness key: %w", m.Party, err)
		}
		ws = append(ws, v)
	}
	return mirror.Peer{Party: member.Party, Parties: append([]string{member.Party}, r.Hosts(member.Party)...),
		Origin: member.Origin, LogKey: logKey, RetiredLogKeys: retired, Witnesses: ws, Quorum: r.Quorum}, nil
}

// runningMirror is the mirror of one peer and what stops it.
type runningMirror struct {
	m       *mirror.Mirror
	party   string
	src     *peerSource // also asked for the checkpoints the peer accepted (gossip)
	clients []*http.Client
	cancel  context.CancelFunc
	done    chan struct{}
}

// stop ends the mirror's rounds, waits for the one under way and closes
// its idle connections to the peer.
func (rm *runningMirror) stop() {
	if rm.cancel != nil {
		rm.cancel()
		<-rm.done
	}
	for _, c := range rm.clients {
		c.CloseIdleConnections()
	}
}

// newMirrors builds one mirror per peer of the roster in force and loads
// what each holds so that its status is right from the start; run starts
// them.
func (f *Federation) newMirrors(ctx context.Context, a *App, now func() time.Time) error {
	f.now = now
	if f.now == nil {
		f.now = time.Now
	}
	ms, err := f.buildMirrors(ctx, f.Roster())
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.mirrors = ms
	f.mu.Unlock()
	return nil
}

// buildMirrors returns a loaded, not yet running, mirror of every peer of r.
func (f *Federation) buildMirrors(ctx context.Context, r *roster.Roster) ([]*runningMirror, error) {
	var out []*runningMirror
	for _, m := range f.peersOf(r) {
		peer, err := mirrorPeer(r, m)
		if err != nil {
			return nil, err
		}
		client := f.peerClient(m)
		src, err := newPeerSource(m, client)
		if err != nil {
			return nil, fmt.Errorf("app: mirror of %s: %w", m.Party, err)
		}
		mr, err := mirror.New(mirror.Config{Self: f.Party, Hosted: f.hosted.List(), Peer: peer, Source: src, Store: f.db.MirrorsPublishing(f.publish),
			MaxAge: f.maxAge, Cited: f.db.CitedEntries(), CiteWait: f.citeWait, Tolerance: f.tolerance, Now: f.now, Logger: f.log})
		if err != nil {
			return nil, fmt.Errorf("app: mirror of %s: %w", m.Party, err)
		}
		if err := mr.Load(ctx); err != nil {
			return nil, fmt.Errorf("app: mirror of %s: %w", m.Party, err)
		}
		out = append(out, &runningMirror{m: mr, party: m.Party, src: src, clients: []*http.Client{client}})
	}
	return out, nil
}

// Mirrors returns the mirrors of the peers of the roster in force, in
// roster order.
func (f *Federation) Mirrors() []*mirror.Mirror {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]*mirror.Mirror, len(f.mirrors))
	for i, rm := range f.mirrors {
		out[i] = rm.m
	}
	return out
}

// startLocked runs rm until it is stopped or the federation's run context
// ends. f.mu MUST be held and run MUST have been called.
func (f *Federation) startLocked(rm *runningMirror) {
	ctx, cancel := context.WithCancel(f.runCtx)
	rm.cancel, rm.done = cancel, make(chan struct{})
	f.wg.Go(func() {
		defer close(rm.done)
		rm.m.Run(ctx, f.poll)
	})
}

// run runs every mirror until ctx ends, each asking its peer for a new
// checkpoint every poll interval (polling: peers do not notify), watches
// for evidence, and follows the roster changes (federation_roster.go).
func (f *Federation) run(ctx context.Context, a *App) {
	f.mu.Lock()
	f.runCtx = ctx
	for _, rm := range f.mirrors {
		f.startLocked(rm)
	}
	f.mu.Unlock()
	a.wg.Go(func() { f.runGossip(ctx) })
	a.wg.Go(func() { f.watch(ctx, a) })
	a.wg.Go(func() { f.followRoster(ctx) })
}

// runGossip asks every peer of the roster in force, every poll interval,
// for the checkpoints it accepted, and compares them with this node's
// mirrors (mirror.Gossip): that finds a member showing two peers two
// histories, which no single mirror can see.
func (f *Federation) runGossip(ctx context.Context) {
	t := time.NewTicker(f.poll)
	defer t.Stop()
	for {
		f.mu.Lock()
		ms := make([]*mirror.Mirror, 0, len(f.mirrors))
		sources := map[string]mirror.GossipSource{}
		for _, rm := range f.mirrors {
			ms = append(ms, rm.m)
			sources[rm.party] = rm.src
		}
		f.mu.Unlock()
		if err := mirror.NewGossip(ms, sources, f.log).Round(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, mirror.ErrHalted) {
			f.log.DebugContext(ctx, "gossip round incomplete", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// peerSource reads a peer's log at each of its roster URLs in turn
// (package peerurl): the one that last answered first.
type peerSource struct {
	urls    *peerurl.Failover
	sources []*mirror.HTTPSource
}

// newPeerSource returns the mirror source of member over client.
func newPeerSource(member roster.Member, client *http.Client) (*peerSource, error) {
	urls, err := peerurl.New(len(member.URLs))
	if err != nil {
		return nil, err
	}
	s := &peerSource{urls: urls}
	for _, u := range member.URLs {
		src, err := mirror.NewHTTPSource(u, client)
		if err != nil {
			return nil, err
		}
		s.sources = append(s.sources, src)
	}
	return s, nil
}

// Checkpoint implements mirror.Source.
func (s *peerSource) Checkpoint(ctx context.Context) ([]byte, error) {
	return peerurl.Do(ctx, s.urls, func(i int) ([]byte, error) { return s.sources[i].Checkpoint(ctx) })
}

// Commitments implements mirror.Source.
func (s *peerSource) Commitments(ctx context.Context, start, end int64) ([]tlog.Hash, error) {
	return peerurl.Do(ctx, s.urls, func(i int) ([]tlog.Hash, error) { return s.sources[i].Commitments(ctx, start, end) })
}

// Entries implements mirror.Source.
func (s *peerSource) Entries(ctx context.Context, start, end int64) ([][]byte, error) {
	return peerurl.Do(ctx, s.urls, func(i int) ([][]byte, error) { return s.sources[i].Entries(ctx, start, end) })
}

// Gossip implements mirror.GossipSource: the checkpoints the peer accepted.
func (s *peerSource) Gossip(ctx context.Context) ([][]byte, error) {
	return peerurl.Do(ctx, s.urls, func(i int) ([][]byte, error) { return s.sources[i].Gossip(ctx) })
}

// peerWitness pushes checkpoints to a peer's embedded witness at each of
// its roster URLs in turn, remembering the size it last cosigned.
type peerWitness struct {
	party    string
	hc       *http.Client
	urls     *peerurl.Failover
	clients  []*witness.Client
	lastSize atomic.Int64
}

// Name implements ledger.Witness.
func (w *peerWitness) Name() string { return w.clients[0].Verifier().Name() }

// Cosign implements ledger.Witness.
func (w *peerWitness) Cosign(ctx context.Context, signed []byte, cp ledger.Checkpoint, prove func(context.Context, int64) (tlog.TreeProof, error)) ([]byte, error) {
	cos, err := peerurl.Do(ctx, w.urls, func(i int) (witness.Cosignature, error) {
		cos, err := w.clients[i].AddCheckpoint(ctx, signed, w.lastSize.Load(), witness.ProofFunc(prove))
		if errors.Is(err, witness.ErrInconsistent) || errors.Is(err, witness.ErrUnverified) || errors.Is(err, witness.ErrMalformed) {
			return cos, peerurl.Final(err) // the witness answered: another URL of it answers the same
		}
		return cos, err
	})
	if err != nil {
		return nil, err
	}
	w.lastSize.Store(cp.N)
	return []byte(cos.Line()), nil
}

// witnesses returns a client for every peer's embedded witness under r,
// pushing over mutual TLS to its add-checkpoint at each of the peer's
// roster URLs in turn.
func (f *Federation) witnesses(r *roster.Roster) ([]ledger.Witness, error) {
	var out []ledger.Witness
	for _, m := range f.peersOf(r) {
		urls, err := peerurl.New(len(m.URLs))
		if err != nil {
			return nil, fmt.Errorf("app: witness of %s: %w", m.Party, err)
		}
		client := f.peerClient(m)
		pw := &peerWitness{party: m.Party, hc: client, urls: urls}
		for _, u := range m.URLs {
			c, err := witness.NewClient(witness.ClientConfig{
				URL:        strings.TrimSuffix(u, "/") + "/federation/v1",
				WitnessKey: m.WitnessKey,
				HTTPClient: client,
			})
			if err != nil {
				return nil, fmt.Errorf("app: witness of %s: %w", m.Party, err)
			}
			pw.clients = append(pw.clients, c)
		}
		var w ledger.Witness = pw
		if f.fault != nil {
			w = f.fault.Witness(m.Party, w) // a test build told to misbehave
		}
		out = append(out, w)
	}
	return out, nil
}

// publishMirrored hands the entries a mirror applied to the projections to
// the mirrored listeners (SubscribeMirrored): the stream, to the users who
// may see each, and the flights engine among them.
func (a *App) publishMirrored(ap store.Applied) { a.subs.publishMirrored(ap) }
