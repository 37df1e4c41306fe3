package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// realWitness is a ledger.Witness pushing to a real witness over HTTP.
type realWitness struct {
	c    *witness.Client
	last int64
}

func (w *realWitness) Name() string { return w.c.Verifier().Name() }

func (w *realWitness) Cosign(ctx context.Context, signed []byte, cp ledger.Checkpoint, prove func(context.Context, int64) (tlog.TreeProof, error)) ([]byte, error) {
	cs, err := w.c.AddCheckpoint(ctx, signed, w.last, witness.ProofFunc(prove))
	if err != nil {
		return nil, err
	}
	w.last = cp.N
	return []byte(cs.Line()), nil
}

// TestEngineCosignatureTimes has a real witness (C2SP tlog-witness over
// HTTP) cosign a log's checkpoints of 3 and then 5 entries, on every
// engine, and checks the cosignature times kept: the checkpoint holding
// each entry, the one before it, a note that verifies with the time kept,
// the earliest kept when the same tree is cosigned again, and the same
// times kept from a mirror's verified chunk of that log on another node.
func TestEngineCosignatureTimes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		const origin = "times.truce.invalid/log"
		skey, vkey, _ := note.GenerateKey(rand.Reader, origin)
		signer, _ := note.NewSigner(skey)
		logKey, _ := note.NewVerifier(vkey)
		wkey, wvkey, _ := witness.GenerateKey("witness.truce.invalid/w")
		cosigner, _ := witness.NewCosigner(wkey)
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		w, err := witness.Open(ctx, filepath.Join(t.TempDir(), "w.db"), witness.Config{Cosigner: cosigner,
			Logs: []witness.Log{{Origin: origin, Keys: []string{vkey}}}, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		srv := httptest.NewServer(w)
		defer srv.Close()
		client, err := witness.NewClient(witness.ClientConfig{URL: srv.URL, WitnessKey: wvkey})
		if err != nil {
			t.Fatal(err)
		}
		hs, _ := ledger.NewHashStore(nil, nil)
		grow := func(n int) {
			leaves := make([]tlog.Hash, n)
			for i := range leaves {
				leaves[i] = ledger.Commitment(fmt.Appendf(nil, "entry %d %d", hs.Size(), i))
			}
			p, err := hs.Prepare(leaves)
			if err == nil {
				err = hs.Publish(p)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now()
		cpr, err := ledger.NewCheckpointer(origin, signer, hs, db, nil, ledger.CheckpointerOptions{
			Witnesses: []ledger.Witness{&realWitness{c: client}}, Quorum: 1, Logger: quiet, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		before := time.Now().Truncate(time.Second)
		grow(3)
		if _, err := cpr.SignNow(ctx); err != nil {
			t.Fatal(err)
		}
		grow(2)
		five, err := cpr.SignNow(ctx)
		if err != nil {
			t.Fatal(err)
		}
		after := time.Now()

		check := func(db *DB, what string) {
			t.Helper()
			for _, tc := range []struct {
				index       int64
				cover, prev int64 // tree sizes; 0: none
			}{{0, 3, 0}, {2, 3, 0}, {3, 5, 3}, {4, 5, 3}, {5, 0, 5}} {
				c, err := db.CoveringCosignature(ctx, origin, tc.index)
				if err != nil {
					t.Fatal(err)
				}
				p, err := db.PriorCosignature(ctx, origin, tc.index)
				if err != nil {
					t.Fatal(err)
				}
				if size(c) != tc.cover || size(p) != tc.prev {
					t.Fatalf("%s: entry %d: covering %d, prior %d; want %d, %d", what, tc.index, size(c), size(p), tc.cover, tc.prev)
				}
				if c == nil {
					continue
				}
				if c.Origin != origin || c.Witness != "witness.truce.invalid/w" || c.At.Before(before) || c.At.After(after) {
					t.Fatalf("%s: entry %d: %+v, want witness's time within [%s, %s]", what, tc.index, c.Cosigned, before, after)
				}
				_, cs, err := witness.VerifyCosigned(c.Note, logKey, []note.Verifier{client.Verifier()}, 1)
				if err != nil || !cs[0].Time.Equal(c.At) {
					t.Fatalf("%s: the kept note does not prove the kept time: %v, %v", what, cs, err)
				}
			}
		}
		check(db, "own log")

		// The same tree cosigned again later: the earliest time stays.
		first, _ := db.CoveringCosignature(ctx, origin, 4)
		now = now.Add(ledger.DefaultRecosign + time.Minute)
		if _, err := cpr.SignNow(ctx); err != nil {
			t.Fatal(err)
		}
		if err := recordCosignatures(ctx, db.SQL, origin, 5, five.Note(), []witness.Cosignature{{Signature: note.Signature{Name: first.Witness}, Time: first.At.Add(time.Hour)}}); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.CoveringCosignature(ctx, origin, 4); !again.At.Equal(first.At) {
			t.Fatalf("cosigned again: kept %s, want the earliest %s", again.At, first.At)
		}

		// Another node mirrors the log: the verified chunk's cosignatures.
		peer := open(t)
		_, cs, err := witness.VerifyCosigned(five.Note(), logKey, []note.Verifier{client.Verifier()}, 1)
		if err != nil {
			t.Fatal(err)
		}
		leaves, err := hs.Commitments(0, 5)
		if err != nil {
			t.Fatal(err)
		}
		three, _ := db.PriorCosignature(ctx, origin, 3)
		_, cs3, _ := witness.VerifyCosigned(three.Note, logKey, []note.Verifier{client.Verifier()}, 1)
		for _, ch := range []mirror.Chunk{
			{Origin: origin, Start: 0, Commitments: leaves[:3], Checkpoint: three.Note, Cosignatures: cs3, Size: 3, Complete: true, Time: time.Now()},
			{Origin: origin, Start: 3, Commitments: leaves[3:], Checkpoint: five.Note(), Cosignatures: cs, Size: 5, Complete: true, Time: time.Now()},
		} {
			if err := peer.Mirrors().ApplyMirrorChunk(ctx, ch); err != nil {
				t.Fatal(err)
			}
		}
		check(peer, "mirror")
	})
}

func size(c *Cosignature) int64 {
	if c == nil {
		return 0
	}
	return c.TreeSize
}
