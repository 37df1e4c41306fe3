package mirror_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

// staticGossip serves fixed checkpoints as a member's gossip.
type staticGossip [][]byte

func (s staticGossip) Gossip(context.Context) ([][]byte, error) { return s, nil }

// TestGossipFindsAForkNoMirrorSees checks what ru's mirror of us makes of
// the checkpoints another member (un) says it holds: a fork that each
// mirror alone accepted (us showed un another history, cosigned by a
// quorum) is kept as fork evidence that verifies offline and halts the
// mirror; a consistent or not yet comparable checkpoint, one us's log did
// not sign, and one of another origin change nothing.
func TestGossipFindsAForkNoMirrorSees(t *testing.T) {
	const shared, accepted = 30, 40
	cases := []struct {
		name string
		// note returns what un serves, from f's log and its fork.
		note   func(t *testing.T, f *fixture, fork *fedtest.Log) []byte
		halted bool
		err    string
	}{
		{"fork of the accepted size", func(t *testing.T, f *fixture, fork *fedtest.Log) []byte {
			fork.Append(t, accepted-shared)
			return fork.Sign(t, fork.Tree(t, accepted), f.ws[1])
		}, true, ""},
		{"smaller fork", func(t *testing.T, f *fixture, fork *fedtest.Log) []byte {
			fork.Append(t, 4)
			return fork.Sign(t, fork.Tree(t, shared+4), f.ws[1])
		}, true, ""},
		{"the accepted tree", func(t *testing.T, f *fixture, _ *fedtest.Log) []byte {
			return f.log.Sign(t, f.log.Tree(t, accepted), f.ws...)
		}, false, ""},
		{"a prefix", func(t *testing.T, f *fixture, _ *fedtest.Log) []byte {
			return f.log.Sign(t, f.log.Tree(t, shared+2), f.ws[1])
		}, false, ""},
		{"a larger fork, not comparable yet", func(t *testing.T, f *fixture, fork *fedtest.Log) []byte {
			fork.Append(t, accepted-shared+5)
			return fork.Sign(t, fork.Tree(t, accepted+5), f.ws[1])
		}, false, ""},
		{"not signed by us's log", func(t *testing.T, f *fixture, _ *fedtest.Log) []byte {
			other := fedtest.NewLog(t, "us", f.log.Origin) // same origin, another key
			other.Append(t, accepted)
			return other.Sign(t, other.Tree(t, accepted), f.ws[1])
		}, false, "gossip from un about us"},
		{"another origin", func(t *testing.T, f *fixture, _ *fedtest.Log) []byte {
			other := fedtest.NewLog(t, "ru", "ru.truce.example/log")
			other.Append(t, 3)
			return other.Sign(t, other.Tree(t, 3))
		}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			db := fedtest.Engines()[0].Open(t)
			m := f.mirrorFor(t, "ru", db.Mirrors(), time.Now, time.Hour)
			f.log.Append(t, shared)
			fork := f.log.Fork(t)
			f.log.Append(t, accepted-shared)
			if err := m.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			note := tc.note(t, f, fork)
			g := mirror.NewGossip([]*mirror.Mirror{m}, map[string]mirror.GossipSource{"un": staticGossip{note}}, nil)
			err := g.Round(ctx)
			switch {
			case tc.halted && !errors.Is(err, mirror.ErrHalted):
				t.Fatalf("gossip round: %v, want ErrHalted", err)
			case !tc.halted && tc.err == "" && err != nil:
				t.Fatalf("gossip round: %v, want nil", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || errors.Is(err, mirror.ErrHalted)):
				t.Fatalf("gossip round: %v, want an error saying %q", err, tc.err)
			}
			id := m.Status().HaltedBy
			if !tc.halted {
				if id != "" {
					t.Fatalf("halted by %s", id)
				}
				if err := m.Sync(ctx); err != nil {
					t.Fatalf("sync after the gossip: %v", err)
				}
				return
			}
			ev, err := db.Mirrors().Evidence(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Kind != mirror.KindFork || !strings.Contains(ev.Detail, "un's node holds") || !bytes.Equal(ev.Checkpoints[1], note) {
				t.Fatalf("evidence %s: %q", ev.Kind, ev.Detail)
			}
			proves, err := mirror.VerifyEvidence(ev, f.peer())
			if err != nil {
				t.Fatalf("offline check: %v", err)
			}
			t.Log(proves)
			if err := m.Sync(ctx); !errors.Is(err, mirror.ErrHalted) {
				t.Fatalf("sync after the fork was found: %v, want ErrHalted", err)
			}
		})
	}
}

// TestHTTPSourceGossip reads the peer API's GET checkpoints: the node's
// own latest checkpoint (it has accepted none of others).
func TestHTTPSourceGossip(t *testing.T) {
	f := newFixture(t)
	f.log.Append(t, 3)
	got, err := f.mirrorSource(t, "ru").Gossip(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("gossip %q, want one checkpoint", got)
	}
	cp, _, err := ledger.OpenCheckpoint(got[0], f.log.Verifier)
	if err != nil || cp.Tree != f.log.Tree(t, 3) {
		t.Fatalf("gossip %q (%v), want the checkpoint of 3 entries", got[0], err)
	}
}
