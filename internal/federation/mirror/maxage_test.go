package mirror_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

// TestMirrorMaxAgeIdlePeer runs the peer's real checkpointer, its two
// witnesses and the mirror on one test clock. With the default MaxAge, a
// peer whose log stays idle for three times MaxAge is accepted throughout
// while its checkpointer has the unchanged tree cosigned again (the renewed
// checkpoint becoming the accepted one); once the
// peer stops doing so the mirror keeps stale evidence, verifiable
// offline, within MaxAge. A checkpointer that never re-cosigns (as before)
// makes an idle peer stale.
func TestMirrorMaxAgeIdlePeer(t *testing.T) {
	tests := []struct {
		name     string
		recosign time.Duration
		idleOK   bool // an idle but live peer stays accepted
	}{
		{"re-cosigned at the default interval", 0, true},
		{"never re-cosigned", -1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			var mu sync.Mutex
			// The test clock starts at the wall clock's, by which the
			// peer's log dates its entries: the witnesses' times must
			// bound them (drift.go).
			cur := time.Now().UTC().Truncate(time.Second)
			now := func() time.Time {
				mu.Lock()
				defer mu.Unlock()
				return cur
			}
			advance := func(d time.Duration) {
				mu.Lock()
				defer mu.Unlock()
				cur = cur.Add(d)
			}
			f := newFixture(t)
			ws := []*fedtest.ClockCosigner{
				fedtest.NewClockCosigner(t, "ru.truce.example/witness", now),
				fedtest.NewClockCosigner(t, "un.truce.example/witness", now),
			}
			cps, err := ledger.NewCheckpointer(f.log.Origin, f.log.Signer, f.log.Hashes, f.log.DB, nil,
				ledger.CheckpointerOptions{Witnesses: []ledger.Witness{ws[0], ws[1]}, Quorum: 2, Recosign: tc.recosign, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			f.set(func(f *fixture) { f.checkpoint = func() []byte { return cps.Latest().Note() } })
			peer := mirror.Peer{Party: "us", Origin: f.log.Origin, LogKey: f.log.Verifier,
				Witnesses: []note.Verifier{ws[0].Verifier(), ws[1].Verifier()}, Quorum: 2}
			db := fedtest.Engines()[0].Open(t)
			m, err := mirror.New(mirror.Config{Self: "ru", Peer: peer, Source: f.mirrorSource(t, "ru"), Store: db.Mirrors(), Now: now})
			if err != nil {
				t.Fatal(err)
			}
			f.log.Append(t, 10)
			if _, err := cps.SignNow(ctx); err != nil {
				t.Fatal(err)
			}
			if err := m.Sync(ctx); err != nil {
				t.Fatal(err)
			}

			// Idle but live: the peer's checkpointer runs every few
			// minutes, the mirror syncs after each run.
			const tick = 5 * time.Minute
			var halted error
			for elapsed := time.Duration(0); elapsed < 3*mirror.DefaultMaxAge && halted == nil; elapsed += tick {
				advance(tick)
				if _, err := cps.SignNow(ctx); err != nil {
					t.Fatal(err)
				}
				halted = m.Sync(ctx)
			}
			if tc.idleOK != (halted == nil) {
				t.Fatalf("idle peer: sync %v, want accepted %v", halted, tc.idleOK)
			}
			if tc.idleOK {
				// The renewed checkpoint is the accepted one: its time is fresh.
				if st := m.Status(); st.AcceptedSize != 10 || st.Lag != 0 || st.AcceptedTime.Before(now().Add(-ledger.DefaultRecosign-tick)) {
					t.Fatalf("status %+v at %s", st, now())
				}
				// Truly stale: the peer serves its last checkpoint but has it
				// cosigned no more.
				advance(mirror.DefaultMaxAge + time.Second)
				halted = m.Sync(ctx)
			}
			if !errors.Is(halted, mirror.ErrHalted) {
				t.Fatalf("stale peer: sync %v, want halted", halted)
			}
			ev, err := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Kind != mirror.KindStale || ev.MaxAge != mirror.DefaultMaxAge {
				t.Fatalf("evidence %s with MaxAge %s", ev.Kind, ev.MaxAge)
			}
			if _, err := mirror.VerifyEvidence(ev, peer); err != nil {
				t.Fatalf("stale evidence does not verify: %v", err)
			}
		})
	}
}
