package mirror_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/cite"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

const ruOrigin = "ru.truce.example/log"

// heldSource is a cite.Source over a map that a test changes.
type heldSource struct {
	mu sync.Mutex
	m  map[int64]tlog.Hash // ru's entries by index
}

func (h *heldSource) Commitment(_ context.Context, origin string, index int64) (tlog.Hash, bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.m[index]
	return c, ok && origin == ruOrigin, nil
}

func (h *heldSource) set(index int64, c tlog.Hash) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.m[index] = c
}

// TestMirrorChecksCitations checks that a mirror stores an entry citing
// an entry this node holds with the cited leaf hash; refuses one citing
// another leaf hash, halting with bad-citation evidence that verifies
// offline; and lets one citing an entry it does not hold yet wait (the
// entries before it stored, nothing from it on) until the cited origin's
// mirror holds it, or until the wait allowed has passed, then halts the
// same way.
func TestMirrorChecksCitations(t *testing.T) {
	ru := randomHashes(3)
	forged := randomHashes(1)[0]
	cases := []struct {
		name string
		held map[int64]tlog.Hash // what the mirroring node holds of ru
		// then, after a first sync: what arrives, and how far the clock moves
		arrives bool
		skew    time.Duration
		want    mirror.Kind // "" if the entry ends up stored
	}{
		{"held", map[int64]tlog.Hash{0: ru[0], 1: ru[1], 2: ru[2]}, false, 0, ""},
		{"forged leaf hash", map[int64]tlog.Hash{0: ru[0], 1: forged, 2: ru[2]}, false, 0, mirror.KindBadCitation},
		{"not yet received, then mirrored", map[int64]tlog.Hash{0: ru[0]}, true, 0, ""},
		{"never received", map[int64]tlog.Hash{0: ru[0]}, false, time.Hour, mirror.KindBadCitation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			// us's node holds ru's entries 0..2 (as its own mirror of ru).
			err := f.log.DB.Mirrors().ApplyMirrorChunk(ctx, mirror.Chunk{Origin: ruOrigin, Start: 0, Commitments: ru,
				Checkpoint: []byte("note"), Size: 3, Root: tlog.Hash{1}, Complete: true, Time: time.Unix(0, 0)})
			if err != nil {
				t.Fatal(err)
			}
			f.log.Append(t, 3)
			cited := cite.Of(ruOrigin, 1, ru[1])
			if _, err := f.log.Seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-analyst", Kind: "test.assessed",
				Subject: "sub_ru", Release: access.Releasability{TLP: access.TLPClear},
				Payload: map[string]any{"verdict": "confirmed", cite.Field: []cite.Citation{cited}}}}); err != nil {
				t.Fatal(err)
			}
			held := &heldSource{m: tc.held}
			var skew atomic.Int64
			now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
			db := fedtest.Engines()[0].Open(t)
			m, err := mirror.New(mirror.Config{Self: "un", Peer: f.peer(), Source: f.mirrorSource(t, "un"), Store: db.Mirrors(),
				Cited: held, CiteWait: time.Minute, Now: now, MaxAge: -1})
			if err != nil {
				t.Fatal(err)
			}
			err = m.Sync(ctx)
			if _, missing := tc.held[1]; !missing {
				if !errors.Is(err, mirror.ErrCiteWait) {
					t.Fatalf("first sync: %v, want a wait for ru's entry 1", err)
				}
				if st, _ := db.Mirrors().MirrorState(ctx, f.log.Origin); len(st.Commitments) != 3 {
					t.Fatalf("a waiting chunk stored %d commitments, want the 3 before the waiting entry", len(st.Commitments))
				}
				if tc.arrives {
					held.set(1, ru[1])
				}
				skew.Add(int64(tc.skew))
				err = m.Sync(ctx)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("sync: %v", err)
				}
				checkMirrored(t, f, db, "un", 4)
				return
			}
			if !errors.Is(err, mirror.ErrHalted) {
				t.Fatalf("sync: %v, want the mirror halted", err)
			}
			ev, err := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
			if err != nil || ev.Kind != tc.want || ev.Seq != 3 || ev.Cited == nil || *ev.Cited != cited {
				t.Fatalf("evidence %+v (%v), want %s of entry 3 citing %s", ev, err, tc.want, cited)
			}
			proves, err := mirror.VerifyEvidence(ev, f.peer())
			if err != nil {
				t.Fatalf("offline check: %v", err)
			}
			t.Log(proves)
			kept := int64(0)
			if _, missing := tc.held[1]; !missing {
				kept = 3 // the entries before the one that waited
			}
			checkMirrored(t, f, db, "un", kept)
		})
	}
}

// crossCited is what a node holds of ru's log when ru's entry 1 cites us's
// entry 2: its mirror of ru can store that entry only once its mirror of
// us holds us's entry 2 (what the node's store holds of us).
type crossCited struct {
	us       cite.Source
	usOrigin string
	ru       tlog.Hash
}

func (c crossCited) Commitment(ctx context.Context, origin string, index int64) (tlog.Hash, bool, error) {
	if origin != ruOrigin || index != 1 {
		return tlog.Hash{}, false, nil
	}
	_, ok, err := c.us.Commitment(ctx, c.usOrigin, 2)
	return c.ru, ok, err
}

// TestMirrorCitationsAcrossLogsDoNotDeadlock checks that two logs citing
// each other back and forth are mirrored whatever the order of the rounds:
// us's entry 3 cites ru's entry 1, which cites us's entry 2. A round of us
// that fetches entries 0 to 3 at once waits at entry 3, and must keep
// entries 0 to 2, or the mirror of ru would wait for us's entry 2 while
// the mirror of us waits for ru's entry 1, until both halted.
func TestMirrorCitationsAcrossLogsDoNotDeadlock(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ru := randomHashes(2)
	// us's node holds ru's entries 0 and 1 (its own mirror of ru).
	if err := f.log.DB.Mirrors().ApplyMirrorChunk(ctx, mirror.Chunk{Origin: ruOrigin, Start: 0, Commitments: ru,
		Checkpoint: []byte("note"), Size: 2, Root: tlog.Hash{1}, Complete: true, Time: time.Unix(0, 0)}); err != nil {
		t.Fatal(err)
	}
	f.log.Append(t, 3)
	if _, err := f.log.Seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-analyst", Kind: "test.assessed",
		Subject: "sub_ru", Release: access.Releasability{TLP: access.TLPClear},
		Payload: map[string]any{"verdict": "confirmed", cite.Field: []cite.Citation{cite.Of(ruOrigin, 1, ru[1])}}}}); err != nil {
		t.Fatal(err)
	}
	db := fedtest.Engines()[0].Open(t)
	m, err := mirror.New(mirror.Config{Self: "un", Peer: f.peer(), Source: f.mirrorSource(t, "un"), Store: db.Mirrors(),
		Cited: crossCited{us: db.CitedEntries(), usOrigin: f.log.Origin, ru: ru[1]}, CiteWait: time.Hour, MaxAge: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Sync(ctx); !errors.Is(err, mirror.ErrCiteWait) {
		t.Fatalf("first round: %v, want a wait for ru's entry 1", err)
	}
	if err := m.Sync(ctx); err != nil {
		t.Fatalf("second round, once ru's entry 1 could be held: %v", err)
	}
	checkMirrored(t, f, db, "un", 4)
}
