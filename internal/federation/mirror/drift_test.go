package mirror_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/access"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

// clockedPeer is the us fixture whose entries are dated by one test clock
// and whose checkpoints are cosigned by two witnesses on another, so that
// a test places an entry's time exactly against the cosignatures that
// bound it.
type clockedPeer struct {
	f    *fixture
	cps  *ledger.Checkpointer
	peer mirror.Peer

	mu             sync.Mutex
	entry, witness time.Time
}

func newClockedPeer(t *testing.T) *clockedPeer {
	t.Helper()
	p := &clockedPeer{f: newFixture(t)}
	entryNow := func() time.Time { p.mu.Lock(); defer p.mu.Unlock(); return p.entry }
	witnessNow := func() time.Time { p.mu.Lock(); defer p.mu.Unlock(); return p.witness }
	p.f.log.Seq.Close()
	p.f.log.Seq = ledger.NewSequencer(p.f.log.DB, p.f.log.Hashes, ledger.SequencerOptions{Now: entryNow})
	ws := []*fedtest.ClockCosigner{
		fedtest.NewClockCosigner(t, "ru.truce.example/witness", witnessNow),
		fedtest.NewClockCosigner(t, "un.truce.example/witness", witnessNow),
	}
	var err error
	p.cps, err = ledger.NewCheckpointer(p.f.log.Origin, p.f.log.Signer, p.f.log.Hashes, p.f.log.DB, nil,
		ledger.CheckpointerOptions{Witnesses: []ledger.Witness{ws[0], ws[1]}, Quorum: 2, Recosign: -1, Now: witnessNow})
	if err != nil {
		t.Fatal(err)
	}
	p.f.set(func(f *fixture) { f.checkpoint = func() []byte { return p.cps.Latest().Note() } })
	p.peer = mirror.Peer{Party: "us", Origin: p.f.log.Origin, LogKey: p.f.log.Verifier,
		Witnesses: []note.Verifier{ws[0].Verifier(), ws[1].Verifier()}, Quorum: 2}
	return p
}

// append appends n entries releasable to all, dated at, and has the tree
// cosigned at cosigned.
func (p *clockedPeer) append(t *testing.T, n int, at, cosigned time.Time) {
	t.Helper()
	p.mu.Lock()
	p.entry, p.witness = at, cosigned
	p.mu.Unlock()
	p.f.log.AppendWith(t, n, func(int64) access.Releasability { return access.Releasability{TLP: access.TLPClear} })
	if _, err := p.cps.SignNow(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestMirrorDriftBounds places entry 3 of the peer's log against the
// newest cosignature of the accepted tree of 3 entries (which did not
// hold it: it cannot be older, tolerance aside) and the oldest of the tree
// of 4 (which holds it: it cannot be newer), on both sides of each bound
// and exactly at the tolerance. An entry outside is kept as drift evidence
// that verifies offline, naming the origin; one inside is mirrored.
func TestMirrorDriftBounds(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	const tol = 5 * time.Minute
	tests := []struct {
		name      string
		tolerance time.Duration // mirror.Config.Tolerance
		entry     time.Duration // entry 3's time, from t0 (the accepted tree's cosignature)
		cover     time.Duration // the cosignature of the tree holding it, from t0
		want      string        // "" (mirrored), "behind" or "ahead"
	}{
		{"honest: dated between the two cosignatures", 0, time.Minute, 2 * time.Minute, ""},
		{"clock a little behind, within the tolerance", 0, -tol, time.Minute, ""},
		{"backdated one second beyond the tolerance", 0, -tol - time.Second, time.Minute, "behind"},
		{"backdated an hour", 0, -time.Hour, time.Minute, "behind"},
		{"clock a little ahead, within the tolerance", 0, time.Minute + tol, time.Minute, ""},
		{"post-dated one second beyond the tolerance", 0, time.Minute + tol + time.Second, time.Minute, "ahead"},
		{"a stated tolerance of 1m: 61s behind", time.Minute, -61 * time.Second, time.Minute, "behind"},
		{"a stated tolerance of 1m: 60s behind", time.Minute, -time.Minute, time.Minute, ""},
		{"a stated tolerance of 1h: an hour behind", time.Hour, -time.Hour, time.Minute, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			p := newClockedPeer(t)
			db := fedtest.Engines()[0].Open(t)
			m, err := mirror.New(mirror.Config{Self: "ru", Peer: p.peer, Source: p.f.mirrorSource(t, "ru"), Store: db.Mirrors(),
				Tolerance: tc.tolerance, Now: func() time.Time { return t0.Add(2 * time.Minute) }})
			if err != nil {
				t.Fatal(err)
			}
			p.append(t, 3, t0.Add(-time.Hour), t0)
			if err := m.Sync(ctx); err != nil {
				t.Fatalf("the first tree: %v", err)
			}
			p.append(t, 1, t0.Add(tc.entry), t0.Add(tc.cover))
			err = m.Sync(ctx)
			if tc.want == "" {
				if err != nil || m.Status().AcceptedSize != 4 {
					t.Fatalf("sync %v, accepted %d: want entry 3 mirrored", err, m.Status().AcceptedSize)
				}
				return
			}
			if !errors.Is(err, mirror.ErrHalted) {
				t.Fatalf("sync %v, want halted on drift", err)
			}
			ev, err := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
			if err != nil {
				t.Fatal(err)
			}
			wantCps := map[string]int{"behind": 2, "ahead": 1}[tc.want]
			wantTol := tc.tolerance
			if wantTol == 0 {
				wantTol = mirror.DefaultTolerance
			}
			if ev.Kind != mirror.KindDrift || ev.Seq != 3 || ev.Party != "us" || len(ev.Checkpoints) != wantCps || ev.Tolerance != wantTol ||
				!strings.Contains(ev.Detail, p.f.log.Origin+"#3") {
				t.Fatalf("evidence %s seq %d of %s with %d checkpoints, tolerance %s: %s", ev.Kind, ev.Seq, ev.Party, len(ev.Checkpoints), ev.Tolerance, ev.Detail)
			}
			proves, err := mirror.VerifyEvidence(ev, p.peer)
			if err != nil {
				t.Fatalf("drift evidence does not verify: %v", err)
			}
			want := map[string]string{"behind": "before witness", "ahead": "after witness"}[tc.want]
			if !strings.Contains(proves, want) {
				t.Fatalf("proves %q, want it to say %q", proves, want)
			}
			if m.Status().AcceptedSize != 3 {
				t.Fatalf("accepted %d after drift, want the tree of 3 kept", m.Status().AcceptedSize)
			}
		})
	}
}

// TestMirrorDriftHonestAcrossCheckpoints mirrors an honest peer whose
// entries are written across many checkpoints, each dated within a
// second of its cosignatures (and the witnesses' clocks a little apart
// from the log's): the mirror is never halted.
func TestMirrorDriftHonestAcrossCheckpoints(t *testing.T) {
	ctx := context.Background()
	p := newClockedPeer(t)
	db := fedtest.Engines()[0].Open(t)
	cur := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m, err := mirror.New(mirror.Config{Self: "ru", Peer: p.peer, Source: p.f.mirrorSource(t, "ru"), Store: db.Mirrors(),
		Now: func() time.Time { return cur }})
	if err != nil {
		t.Fatal(err)
	}
	skew := []time.Duration{-4 * time.Minute, 0, 90 * time.Second, 4 * time.Minute}
	for i := range 20 {
		cur = cur.Add(37 * time.Second)
		p.append(t, 1+i%4, cur, cur.Add(skew[i%len(skew)]))
		if err := m.Sync(ctx); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
	}
	if st := m.Status(); st.HaltedBy != "" || st.AcceptedSize != p.f.log.Hashes.Size() {
		t.Fatalf("status %+v, want all %d entries mirrored", st, p.f.log.Hashes.Size())
	}
}

// TestVerifyDriftRefusesWhatProvesNothing checks that drift evidence
// altered after the fact is refused offline.
func TestVerifyDriftRefusesWhatProvesNothing(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	p := newClockedPeer(t)
	db := fedtest.Engines()[0].Open(t)
	m, err := mirror.New(mirror.Config{Self: "ru", Peer: p.peer, Source: p.f.mirrorSource(t, "ru"), Store: db.Mirrors(),
		Now: func() time.Time { return t0.Add(2 * time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	p.append(t, 3, t0.Add(-2*time.Hour), t0)
	if err := m.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	p.append(t, 2, t0.Add(-time.Hour), t0.Add(time.Minute))
	if err := m.Sync(ctx); !errors.Is(err, mirror.ErrHalted) {
		t.Fatalf("sync %v, want halted", err)
	}
	kept, err := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		alter func(ev *mirror.Evidence)
		ok    bool
	}{
		{"as kept", func(*mirror.Evidence) {}, true},
		{"a tolerance of two hours", func(ev *mirror.Evidence) { ev.Tolerance = 2 * time.Hour }, false},
		{"no tolerance", func(ev *mirror.Evidence) { ev.Tolerance = 0 }, false},
		{"without the earlier checkpoint", func(ev *mirror.Evidence) { ev.Checkpoints = ev.Checkpoints[:1] }, false},
		{"the earlier checkpoint twice", func(ev *mirror.Evidence) { ev.Checkpoints = [][]byte{ev.Checkpoints[1], ev.Checkpoints[1]} }, false},
		{"another entry's seq", func(ev *mirror.Evidence) { ev.Seq = 4 }, false},
		{"a byte of the entry changed", func(ev *mirror.Evidence) {
			ev.Content = append([]byte(nil), ev.Content...)
			ev.Content[len(ev.Content)/2] ^= 1
		}, false},
		{"the cosignatures stripped", func(ev *mirror.Evidence) {
			ev.Checkpoints = [][]byte{ev.Checkpoints[0], withoutCosignatures(ev.Checkpoints[1])}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := *kept
			tc.alter(&ev)
			_, err := mirror.VerifyEvidence(&ev, p.peer)
			if tc.ok != (err == nil) {
				t.Fatalf("verify: %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// withoutCosignatures returns the signed note n with only its first
// signature line (the log's).
func withoutCosignatures(n []byte) []byte {
	text, sigs, _ := strings.Cut(string(n), "\n\n")
	first, _, _ := strings.Cut(sigs, "\n")
	return []byte(text + "\n\n" + first + "\n")
}
