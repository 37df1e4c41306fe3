package mirror_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/testwait"
)

func TestMirrorConverges(t *testing.T) {
	for _, eng := range fedtest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			db := eng.Open(t)
			m := f.mirrorFor(t, "ru", db.Mirrors(), nil, 0)
			f.log.Append(t, 2345)
			if err := m.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if st := m.Status(); st.AcceptedSize != 2345 || st.PeerSize != 2345 || st.Lag != 0 {
				t.Fatalf("status after a catch-up %+v", st)
			}
			checkMirrored(t, f, db, "ru", 2345)
			f.log.Append(t, 1001)
			if err := m.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if err := m.Sync(ctx); err != nil { // nothing new
				t.Fatal(err)
			}
			checkMirrored(t, f, db, "ru", 3346)
			st := m.Status()
			if st.AcceptedSize != 3346 || st.Lag != 0 || st.HaltedBy != "" || st.LastContact.IsZero() || st.AcceptedTime.IsZero() {
				t.Fatalf("status %+v", st)
			}
			cps, err := db.Mirrors().AcceptedCheckpoints(ctx)
			if err != nil || len(cps) != 1 {
				t.Fatalf("accepted checkpoints %d, %v", len(cps), err)
			}
		})
	}
}

// TestMirrorReleasability checks that each party's node receives the
// content of exactly the entries releasable to it.
func TestMirrorReleasability(t *testing.T) {
	f := newFixture(t)
	f.log.Append(t, 57)
	for _, self := range []string{"ru", "un", "ngo"} {
		t.Run(self, func(t *testing.T) {
			db := fedtest.Engines()[0].Open(t)
			if err := f.mirrorFor(t, self, db.Mirrors(), nil, 0).Sync(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkMirrored(t, f, db, self, 57)
		})
	}
}

// failingStore fails ApplyMirrorChunk once after ok chunks, as a node
// killed mid-catch-up would.
type failingStore struct {
	mirror.Store
	ok int
}

func (s *failingStore) ApplyMirrorChunk(ctx context.Context, c mirror.Chunk) error {
	if s.ok == 0 {
		s.ok = -1
		return errors.New("injected: node stopped")
	}
	s.ok--
	return s.Store.ApplyMirrorChunk(ctx, c)
}

func TestMirrorRestartMidway(t *testing.T) {
	for _, eng := range fedtest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			db := eng.Open(t)
			f.log.Append(t, 1500)
			if err := f.mirrorFor(t, "ru", db.Mirrors(), nil, 0).Sync(ctx); err != nil {
				t.Fatal(err)
			}
			f.log.Append(t, 3200)
			m := f.mirrorFor(t, "ru", &failingStore{Store: db.Mirrors(), ok: 2}, nil, 0)
			if err := m.Sync(ctx); err == nil {
				t.Fatal("sync through a failing store succeeded")
			}
			st, err := db.Mirrors().MirrorState(ctx, f.log.Origin)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Commitments) != 3500 || st.Target == nil {
				t.Fatalf("after the cut: %d commitments stored, target %v; want 3500 and a target", len(st.Commitments), st.Target != nil)
			}
			f.log.Append(t, 10) // the peer moved on while we were down
			restarted := f.mirrorFor(t, "ru", db.Mirrors(), nil, 0)
			if err := restarted.Load(ctx); err != nil {
				t.Fatal(err)
			}
			if s := restarted.Status(); s.AcceptedSize != 1500 || s.HaltedBy != "" {
				t.Fatalf("status after a restart, before a round: %+v", s)
			}
			if err := restarted.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			checkMirrored(t, f, db, "ru", 4710)
			if s := restarted.Status(); s.AcceptedSize != 4710 {
				t.Fatalf("status %+v", s)
			}
			if err := m.Sync(ctx); err != nil { // the first instance reloads and finds nothing to do
				t.Fatal(err)
			}
			checkMirrored(t, f, db, "ru", 4710)
		})
	}
}

func TestMirrorRun(t *testing.T) {
	f := newFixture(t)
	db := fedtest.Engines()[0].Open(t)
	m := f.mirrorFor(t, "un", db.Mirrors(), nil, 0)
	f.log.Append(t, 30)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Run(ctx, time.Hour)
	}()
	testwait.For(t, 20*time.Second, "the first round", func() bool { return m.Status().AcceptedSize == 30 })
	f.log.Append(t, 12)
	m.Kick()
	testwait.For(t, 20*time.Second, "the kicked round", func() bool { return m.Status().AcceptedSize == 42 })
	cancel()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	checkMirrored(t, f, db, "un", 42)
}
