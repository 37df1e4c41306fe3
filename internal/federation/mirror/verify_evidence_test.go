package mirror_test

import (
	"context"
	"errors"
	"testing"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
)

// TestVerifyEvidenceRefusesWhatProvesNothing checks that evidence altered
// after the fact, or signed by another key, is refused offline.
func TestVerifyEvidenceRefusesWhatProvesNothing(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	db := fedtest.Engines()[0].Open(t)
	m := f.mirrorFor(t, "ru", db.Mirrors(), nil, 0)
	f.log.Append(t, 40)
	if err := m.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	serveTree(t, f, append(leaves(t, f, 20), randomHashes(30)...))
	if err := m.Sync(ctx); !errors.Is(err, mirror.ErrHalted) {
		t.Fatal(err)
	}
	fork, err := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
	if err != nil {
		t.Fatal(err)
	}
	other := fedtest.NewLog(t, "us", f.log.Origin) // same origin, another key
	cases := []struct {
		name  string
		alter func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer)
	}{
		{"as kept", nil},
		{"leaves of the smaller tree", func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer) {
			ev.Leaves = ev.Leaves[:40*32]
			return ev, f.peer()
		}},
		{"a leaf changed", func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer) {
			ev.Leaves = append([]byte(nil), ev.Leaves...)
			ev.Leaves[45*32] ^= 1
			return ev, f.peer()
		}},
		{"one checkpoint twice", func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer) {
			ev.Checkpoints = [][]byte{ev.Checkpoints[1], ev.Checkpoints[1]}
			return ev, f.peer()
		}},
		{"another log key", func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer) {
			p := f.peer()
			p.LogKey = other.Verifier
			return ev, p
		}},
		{"called a rollback", func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer) {
			ev.Kind = mirror.KindRollback
			return ev, f.peer()
		}},
		{"called bad content", func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer) {
			ev.Kind = mirror.KindBadContent
			ev.Checkpoints = ev.Checkpoints[:1]
			return ev, f.peer()
		}},
		{"called no quorum", func(ev mirror.Evidence) (mirror.Evidence, mirror.Peer) {
			ev.Kind = mirror.KindNoQuorum
			ev.Checkpoints = ev.Checkpoints[:1]
			return ev, f.peer()
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.alter == nil {
				if _, err := mirror.VerifyEvidence(fork, f.peer()); err != nil {
					t.Fatal(err)
				}
				return
			}
			ev, p := tc.alter(*fork)
			if proves, err := mirror.VerifyEvidence(&ev, p); err == nil {
				t.Fatalf("altered evidence accepted: %s", proves)
			}
		})
	}
}
