package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/federation/mirror"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/witness"
)

// mirrorPeer returns what a mirror of member needs from the roster: its
// log key, the parties it speaks for (itself and those it hosts), and the
// witness keys of every other member with the roster's quorum.
func mirrorPeer(r *roster.Roster, member roster.Member) (mirror.Peer, error) {
	logKey, err := note.NewVerifier(member.LogKey)
	if err != nil {
		return mirror.Peer{}, fmt.Errorf("app: roster member %s: log key: %w", member.Party, err)
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
		Origin: member.Origin, LogKey: logKey, Witnesses: ws, Quorum: r.Quorum}, nil
}

// newMirrors builds one mirror per peer, reading the peer API at the
// peer's first roster URL over mutual TLS, and loads what each holds so
// that its status is right from the start.
func (f *Federation) newMirrors(ctx context.Context, a *App, now func() time.Time) error {
	f.now = now
	if f.now == nil {
		f.now = time.Now
	}
	sources := map[string]mirror.GossipSource{}
	for _, m := range f.peers {
		peer, err := mirrorPeer(f.Roster, m)
		if err != nil {
			return err
		}
		if len(m.URLs) == 0 {
			return fmt.Errorf("app: roster member %s has no URL", m.Party)
		}
		src, err := mirror.NewHTTPSource(m.URLs[0], f.peerClient(m))
		if err != nil {
			return fmt.Errorf("app: mirror of %s: %w", m.Party, err)
		}
		mr, err := mirror.New(mirror.Config{Self: f.Party, Hosted: a.Hosted, Peer: peer, Source: src, Store: a.DB.MirrorsPublishing(a.publishMirrored),
			MaxAge: f.maxAge, Now: now, Logger: f.log})
		if err != nil {
			return fmt.Errorf("app: mirror of %s: %w", m.Party, err)
		}
		if err := mr.Load(ctx); err != nil {
			return fmt.Errorf("app: mirror of %s: %w", m.Party, err)
		}
		f.Mirrors = append(f.Mirrors, mr)
		sources[m.Party] = src
	}
	f.gossip = mirror.NewGossip(f.Mirrors, sources, f.log) // each peer's accepted checkpoints, against every mirror
	return nil
}

// witnesses returns a client for every peer's embedded witness, pushing
// over mutual TLS to its add-checkpoint at the peer's first roster URL.
func (f *Federation) witnesses() ([]ledger.Witness, error) {
	var out []ledger.Witness
	for _, m := range f.peers {
		if len(m.URLs) == 0 {
			return nil, fmt.Errorf("app: roster member %s has no URL", m.Party)
		}
		c, err := witness.NewClient(witness.ClientConfig{
			URL:        strings.TrimSuffix(m.URLs[0], "/") + "/federation/v1",
			WitnessKey: m.WitnessKey,
			HTTPClient: f.peerClient(m),
		})
		if err != nil {
			return nil, fmt.Errorf("app: witness of %s: %w", m.Party, err)
		}
		var w ledger.Witness = &witnessClient{client: c}
		if f.fault != nil {
			w = f.fault.Witness(m.Party, w) // a test build told to misbehave
		}
		out = append(out, w)
	}
	return out, nil
}

// run runs every mirror until ctx ends, each asking its peer for a new
// checkpoint every poll interval (polling: peers do not notify), and asks
// every peer as often for the checkpoints it accepted (gossip), which
// finds a member showing two peers two histories.
func (f *Federation) run(ctx context.Context, a *App) {
	for _, m := range f.Mirrors {
		a.wg.Go(func() { m.Run(ctx, f.poll) })
	}
	a.wg.Go(func() { f.gossip.Run(ctx, f.poll) })
	a.wg.Go(func() { f.watch(ctx, a) })
}

// publishMirrored puts the entries a mirror applied to the projections on
// the node's stream, to the users who may see each.
func (a *App) publishMirrored(ap store.Applied) { a.Stream.PublishMirrored(ap.Origin, ap.Entries) }
