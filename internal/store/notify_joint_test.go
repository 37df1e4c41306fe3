package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"truce/internal/access"
	"truce/internal/federation/cite"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/testseed"
)

// TestJointReceiptsIndependentOfArrival builds one site notification's
// history across three party logs: un notifies us and ru; us acknowledges
// version 1 and ru queries it, each citing the notification; un answers
// ru's query citing it (its number on un's node is un's own timeline
// place, which no other node can read) and updates the site; us
// acknowledges version 2 and ru records passing it on. The same entries
// reach several fresh stores in random arrival orders (seed printed):
// every one computes the same receipts, queries and status (notify.Fold
// over the joint order), and the result is the one the statements say.
func TestJointReceiptsIndependentOfArrival(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		const us, ru, un = "us.example/log", "ru.example/log", "un.example/log"
		rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un", "us"}}
		logs := map[string]*DB{}
		seqs := map[string]*ledger.Sequencer{}
		for _, o := range []string{us, ru, un} {
			logs[o] = open(t)
			logs[o].CiteAs(o)
			_, seqs[o] = openSequencer(t, logs[o])
		}
		subject := notify.Subject(notify.TypeSite, "site_j")
		appendTo := func(o, party, kind string, payload any) {
			t.Helper()
			_, err := seqs[o].Append(ctx, ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-liaison", Kind: kind,
				Subject: subject, Release: rel, Payload: payload}})
			if err != nil {
				t.Fatal(err)
			}
		}
		mirror := func(dst, src string, start, end int64) {
			t.Helper()
			if err := logs[dst].Mirrors().ApplyMirrorChunk(ctx, chunkOf(t, logs[src], src, start, end)); err != nil {
				t.Fatal(err)
			}
		}
		citeOf := func(o string, i int64) cite.Citation {
			var c cite.Citation
			if err := logs[o].EntryRange(ctx, i, i+1, func(_ *ledger.Entry, b []byte) error { c = cite.Of(o, i, ledger.Commitment(b)); return nil }); err != nil {
				t.Fatal(err)
			}
			return c
		}
		site := func(v int) *notify.Notified {
			return &notify.Notified{ID: "site_j", Version: v, Deadline: "2030-01-0" + fmt.Sprint(v) + "T00:00:00Z",
				Site: &notify.Site{Kind: notify.SiteKinds[0], Names: map[string]string{"en": "Clinic"},
					Location: []byte(`{"type":"Point","coordinates":[36.3,37.2]}`), BufferM: 300, Parties: []string{"ru", "us"}}}
		}
		with := func(p any, cs ...cite.Citation) map[string]any {
			var m map[string]any
			b, _ := json.Marshal(p)
			_ = json.Unmarshal(b, &m)
			m[cite.Field] = cs
			return m
		}
		appendTo(un, "un", notify.KindSiteNotified, site(1))
		mirror(us, un, 0, 1)
		mirror(ru, un, 0, 1)
		appendTo(us, "us", notify.KindSiteAcknowledged, with(notify.Response{ID: "site_j", Version: 1, Party: "us"}, citeOf(un, 0)))
		appendTo(ru, "ru", notify.KindSiteQueried, with(notify.Queried{ID: "site_j", Version: 1, Party: "ru", Text: "in the sea?"}, citeOf(un, 0)))
		mirror(un, ru, 0, 1)
		places, err := logs[un].TimelinePlaces(ctx, subject)
		if err != nil {
			t.Fatal(err)
		}
		pos, ok := places(ru, 0)
		if !ok || pos < MirrorBase {
			t.Fatalf("ru's query is at %d (%v) on un's timeline, want a mirrored place", pos, ok)
		}
		q, err := logs[un].TimelineCitation(ctx, pos)
		if err != nil || q != citeOf(ru, 0) {
			t.Fatalf("citation of un's place %d: %v, %v; want %v", pos, q, err, citeOf(ru, 0))
		}
		appendTo(un, "un", notify.KindSiteAnswered, notify.Answered{ID: "site_j", Query: pos, Text: "no: on the shore", Cites: []cite.Citation{q}})
		appendTo(un, "un", notify.KindSiteUpdated, site(2))
		mirror(us, un, 1, 3)
		mirror(ru, un, 1, 3)
		appendTo(us, "us", notify.KindSiteAcknowledged, with(notify.Response{ID: "site_j", Version: 2, Party: "us"}, citeOf(un, 2)))
		appendTo(ru, "ru", notify.KindSitePassedOn, with(notify.PassOnPayload{ID: "site_j", Version: 2, Party: "ru", Level: "brigade HQ",
			At: "2029-12-31T00:00:00Z"}, citeOf(un, 2)))
		// A statement one party makes for another counts for nothing.
		appendTo(ru, "ru", notify.KindSiteAcknowledged, with(notify.Response{ID: "site_j", Version: 2, Party: "us"}, citeOf(un, 2)))

		type piece struct {
			origin     string
			start, end int64
		}
		size := map[string]int64{us: 2, ru: 3, un: 3}
		seed := testseed.Seed(t)
		r := rand.New(rand.NewPCG(seed, 27))
		var want string
		for node := range 4 {
			db := open(t)
			db.CiteAs("node.example/log")
			origins := []string{us, ru, un}
			r.Shuffle(len(origins), func(i, j int) { origins[i], origins[j] = origins[j], origins[i] })
			var pieces []piece
			for _, o := range origins {
				if cut := r.Int64N(size[o] + 1); cut > 0 && cut < size[o] {
					pieces = append(pieces, piece{o, 0, cut}, piece{o, cut, size[o]})
				} else {
					pieces = append(pieces, piece{o, 0, size[o]})
				}
			}
			// Interleave the origins, keeping each origin's pieces in order.
			for i := len(pieces) - 1; i > 0; i-- {
				j := r.IntN(i + 1)
				if pieces[i].origin != pieces[j].origin {
					pieces[i], pieces[j] = pieces[j], pieces[i]
				}
			}
			for _, o := range origins { // restore each origin's own order
				var at []int
				for i, p := range pieces {
					if p.origin == o {
						at = append(at, i)
					}
				}
				if len(at) == 2 && pieces[at[0]].start > pieces[at[1]].start {
					pieces[at[0]], pieces[at[1]] = pieces[at[1]], pieces[at[0]]
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
			n := notify.Fold("site_j", joint.Order(es))
			if n == nil {
				t.Fatalf("node %d folds no notice from %d entries", node, len(es))
			}
			b, err := json.Marshal(n)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(len(from), " ", string(b))
			if node == 0 {
				want = got
				continue
			}
			if got != want {
				t.Fatalf("node %d (seed %d, arrival %v) computes\n%s\nnode 0\n%s", node, seed, pieces, got, want)
			}
		}
		var n notify.Notice
		if err := json.Unmarshal([]byte(want[indexOfJSON(want):]), &n); err != nil {
			t.Fatal(err)
		}
		if n.Version != 2 || len(n.Acks) != 2 || len(n.Queries) != 1 {
			t.Fatalf("joint notice %s", want)
		}
		ruAck, usAck := n.Acks[0], n.Acks[1]
		if ruAck.Party != "ru" || ruAck.Status != notify.AckPending || ruAck.PassedOn == nil || ruAck.PassedOn.Level != "brigade HQ" {
			t.Errorf("ru's receipt %+v, want pending, passed on to brigade HQ", ruAck)
		}
		if usAck.Party != "us" || usAck.Status != notify.AckAcknowledged || usAck.Version != 2 || usAck.Origin != us || usAck.Seq != 1 {
			t.Errorf("us's receipt %+v, want version 2 acknowledged by us#1", usAck)
		}
		if qu := n.Queries[0]; qu.Origin != ru || qu.Seq != 0 || qu.Answer != "no: on the shore" || qu.AnswerSeq != 1 {
			t.Errorf("query %+v, want ru#0 answered by un#1", qu)
		}
	})
}
