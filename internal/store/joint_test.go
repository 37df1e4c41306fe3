package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/cite"
	"truce/internal/federation/joint"
	"truce/internal/federation/mirror"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/testseed"
)

// chunkOf returns src's entries [start, end) as one mirror chunk of origin.
func chunkOf(t *testing.T, src *DB, origin string, start, end int64) mirror.Chunk {
	t.Helper()
	return chunkOfTB(t, src, origin, start, end)
}

// chunkOfTB is chunkOf for tests and benchmarks.
func chunkOfTB(t testing.TB, src *DB, origin string, start, end int64) mirror.Chunk {
	t.Helper()
	c := mirror.Chunk{Origin: origin, Checkpoint: []byte("note " + origin), Time: time.Unix(0, 0), Start: start, Size: end, Root: tlog.Hash{3}, Complete: true}
	err := src.EntryRange(context.Background(), start, end, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, ledger.Commitment(canonical))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestJointStateIndependentOfArrival builds one incident's history across
// three party logs (us reports; ru and un, having mirrored the report,
// state a position and establish the fact, each citing it; us states its
// position citing un's fact), then gives the same entries to several
// fresh nodes in random arrival orders (seed printed): every node computes
// the same joint order and the same layers of findings.
func TestJointStateIndependentOfArrival(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		const us, ru, un = "us.example/log", "ru.example/log", "un.example/log"
		rel := access.Releasability{TLP: access.TLPGreen}
		logs := map[string]*DB{}
		seqs := map[string]*ledger.Sequencer{}
		for _, o := range []string{us, ru, un} {
			logs[o] = open(t)
			logs[o].CiteAs(o)
			_, seqs[o] = openSequencer(t, logs[o])
		}
		appendTo := func(o string, c ledger.Change) {
			t.Helper()
			if _, err := seqs[o].Append(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		subject := incidents.Subject("inc_j")
		stmt := func(party, kind string, payload any) ledger.Change {
			return ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-analyst", Kind: kind, Subject: subject, Release: rel, Payload: payload}}
		}
		appendTo(us, reportChange("us", "inc_j", rel))
		for _, o := range []string{ru, un} {
			if err := logs[o].Mirrors().ApplyMirrorChunk(ctx, chunkOf(t, logs[us], us, 0, 1)); err != nil {
				t.Fatal(err)
			}
		}
		appendTo(ru, stmt("ru", findings.KindPositionStated, findings.PositionStated{IncidentID: "inc_j", OnFinding: findings.StanceRejects, Statement: "no"}))
		appendTo(un, stmt("un", findings.KindFactEstablished, findings.FactEstablished{IncidentID: "inc_j", What: "shelling", Where: "mill", When: "2016-09-12", Confidence: "high"}))
		appendTo(un, stmt("un", findings.KindAttributed, findings.Attributed{IncidentID: "inc_j", State: findings.AttributionDisputed}))
		if err := logs[us].Mirrors().ApplyMirrorChunk(ctx, chunkOf(t, logs[un], un, 0, 2)); err != nil {
			t.Fatal(err)
		}
		var fact cite.Citation
		if err := logs[un].EntryRange(ctx, 0, 1, func(_ *ledger.Entry, b []byte) error { fact = cite.Of(un, 0, ledger.Commitment(b)); return nil }); err != nil {
			t.Fatal(err)
		}
		appendTo(us, stmt("us", findings.KindPositionStated, map[string]any{"incident_id": "inc_j", "on_finding": findings.StanceAccepts, "statement": "yes", cite.Field: []cite.Citation{fact}}))

		// Arrival: each origin's log in one or two chunks, origins in a random order.
		type piece struct {
			origin     string
			start, end int64
		}
		size := map[string]int64{us: 2, ru: 1, un: 2}
		seed := testseed.Seed(t)
		r := rand.New(rand.NewPCG(seed, 25))
		centre := findings.Centre{Monitors: map[string]bool{"un": true}, CoChairs: []string{"ru", "us"}, Now: time.Date(2016, 9, 20, 0, 0, 0, 0, time.UTC)}
		var want string
		for node := range 4 {
			db := open(t)
			origins := []string{us, ru, un}
			r.Shuffle(len(origins), func(i, j int) { origins[i], origins[j] = origins[j], origins[i] })
			queues := map[string][]piece{}
			for _, o := range origins {
				if cut := r.Int64N(size[o] + 1); cut > 0 && cut < size[o] {
					queues[o] = []piece{{o, 0, cut}, {o, cut, size[o]}}
				} else {
					queues[o] = []piece{{o, 0, size[o]}}
				}
			}
			// Interleave: pick a random origin's next piece each time.
			var pieces []piece
			for len(queues) > 0 {
				o := origins[r.IntN(len(origins))]
				q, ok := queues[o]
				if !ok {
					continue
				}
				pieces = append(pieces, q[0])
				if len(q) == 1 {
					delete(queues, o)
				} else {
					queues[o] = q[1:]
				}
			}
			for _, p := range pieces {
				if err := db.Mirrors().ApplyMirrorChunk(ctx, chunkOf(t, logs[p.origin], p.origin, p.start, p.end)); err != nil {
					t.Fatalf("node %d, %s [%d, %d): %v", node, p.origin, p.start, p.end, err)
				}
			}
			es, from, err := db.JointHistory(ctx, subject, 0)
			if err != nil {
				t.Fatal(err)
			}
			ordered := joint.Order(es)
			entries := make([]*ledger.Entry, len(ordered))
			var order []string
			for i, e := range ordered {
				entries[i] = e.Entry
				order = append(order, fmt.Sprintf("%s#%d", e.Origin, e.Entry.Seq))
			}
			view, err := json.Marshal(findings.Fold("inc_j", entries, centre))
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(order, len(from), string(view))
			if node == 0 {
				want = got
				if len(order) != 5 || len(from) != 3 {
					t.Fatalf("node 0 holds %v from %d logs, want 5 entries from 3", order, len(from))
				}
				t.Logf("joint order %v", order)
				continue
			}
			if got != want {
				t.Fatalf("node %d (seed %d) computes\n%s\nnode 0\n%s", node, seed, got, want)
			}
		}
		var v findings.View
		if err := json.Unmarshal([]byte(want[indexOfJSON(want):]), &v); err != nil || v.Fact == nil || len(v.Positions) != 2 || v.Attribution == nil {
			t.Fatalf("joint view %s: %v", want, err)
		}
	})
}

// indexOfJSON returns where the JSON object in s starts.
func indexOfJSON(s string) int {
	for i := range s {
		if s[i] == '{' {
			return i
		}
	}
	return len(s)
}
