package mirror

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// GossipSource reads the checkpoints a member's node says it holds: its
// own latest and the latest it accepted of every origin it mirrors (the
// peer API's GET checkpoints). Nothing it returns is trusted.
type GossipSource interface {
	Gossip(ctx context.Context) ([][]byte, error)
}

// Gossip finds forks that no single mirror can see. A log that shows one
// member one history and another member another, each cosigned by a
// quorum (each member's own witness among them), passes every check of
// each mirror alone; the two conflicting signed checkpoints meet only when
// the members compare what they accepted. A Gossip asks every member for
// the checkpoints it accepted and hands each to this node's mirror of its
// origin (Mirror.CheckGossip), which keeps fork evidence and halts when it
// conflicts with what that mirror accepted.
type Gossip struct {
	mirrors map[string]*Mirror      // by origin
	sources map[string]GossipSource // by member party
	log     *slog.Logger
}

// NewGossip returns a gossip over mirrors, asking sources (by member
// party) for what they accepted.
func NewGossip(mirrors []*Mirror, sources map[string]GossipSource, log *slog.Logger) *Gossip {
	g := &Gossip{mirrors: map[string]*Mirror{}, sources: sources, log: log}
	if g.log == nil {
		g.log = slog.Default()
	}
	for _, m := range mirrors {
		g.mirrors[m.cfg.Peer.Origin] = m
	}
	return g
}

// Round asks every source once and checks each checkpoint it serves
// against the mirror of its origin. It returns an error wrapping ErrHalted
// if evidence was kept, joined with the errors of the sources that could
// not be read (a source that fails does not stop the others).
func (g *Gossip) Round(ctx context.Context) error {
	var errs []error
	for party, src := range g.sources {
		notes, err := src.Gossip(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("mirror: gossip of %s: %w", party, err))
			continue
		}
		for _, n := range notes {
			m := g.mirrors[noteOrigin(n)]
			if m == nil {
				continue // this node's own log, or an origin it does not mirror
			}
			if err := m.CheckGossip(ctx, n, party); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Run calls Round every interval until ctx ends, logging what fails.
func (g *Gossip) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := g.Round(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, ErrHalted) {
			g.log.DebugContext(ctx, "gossip round incomplete", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// noteOrigin returns the first line of a checkpoint note, its origin.
func noteOrigin(n []byte) string {
	line, _, _ := bytes.Cut(n, []byte("\n"))
	return string(line)
}

// CheckGossip compares note, a checkpoint of the peer's log that member
// from says it holds, with the tree this mirror accepted. A note the
// peer's log key did not sign proves nothing and is refused with an
// error, keeping nothing. A tree of the accepted size with another root,
// or a smaller tree that is not a prefix of the accepted one, is kept as
// fork evidence (the two signed checkpoints, and the accepted leaves when
// the sizes differ) and halts the mirror: it returns an error wrapping
// ErrHalted. A larger tree is compared once the mirror has accepted one
// as large. It returns nil for a consistent note and while the mirror is
// halted already.
func (m *Mirror) CheckGossip(ctx context.Context, note []byte, from string) error {
	cp, _, err := ledger.OpenCheckpoint(note, m.cfg.Peer.LogKey)
	if err != nil {
		return fmt.Errorf("mirror: gossip from %s about %s: %w", from, m.cfg.Peer.Party, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.loaded {
		if err := m.load(ctx); err != nil {
			return err
		}
	}
	acc := m.accepted
	if m.halted != "" || acc == nil || cp.N > acc.cp.N {
		return nil
	}
	seen := fmt.Sprintf("%s's node holds a checkpoint of %d entries", from, cp.N)
	if cp.N == acc.cp.N {
		if cp.Hash == acc.cp.Hash {
			return nil
		}
		return m.halt(ctx, &Evidence{Kind: KindFork, Checkpoints: [][]byte{acc.note, note},
			Detail: fmt.Sprintf("two trees of %d entries: %s with another root than the one this node accepted (gossip)", cp.N, seen)})
	}
	prefix, err := tlog.TreeHash(cp.N, m.tree)
	if err != nil {
		return fmt.Errorf("mirror: %s: %w", m.cfg.Peer.Party, err)
	}
	if prefix == cp.Hash {
		return nil
	}
	leaves, err := m.tree.Commitments(0, acc.cp.N)
	if err != nil {
		return fmt.Errorf("mirror: %s: %w", m.cfg.Peer.Party, err)
	}
	return m.halt(ctx, &Evidence{Kind: KindFork, Checkpoints: [][]byte{acc.note, note}, Leaves: joinHashes(leaves),
		Detail: fmt.Sprintf("%s that is not a prefix of the tree of %d this node accepted (gossip)", seen, acc.cp.N)})
}
