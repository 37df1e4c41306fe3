package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/federation/cite"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
	"truce/internal/testseed"
	"truce/internal/zones"
)

// TestJointZonesAgreementsPassagesIndependentOfArrival builds a zone, an
// agreement and two passages across three party logs, each party writing
// its own statements in its own log and citing the record it speaks of:
// us proposes a zone and ru agrees to it; ru proposes an agreement and us
// agrees; un proposes two passages concerning us and ru; on the first us
// and ru each guarantee in their own log and un asks it open, on the second
// only us guarantees. Several fresh stores receive the same entries in
// random arrival orders (seed printed) and compute identical state: the
// zone version agreed by both co-chairs, the agreement agreed, the first
// passage open, the second never open (it lacks ru's guarantee).
func TestJointZonesAgreementsPassagesIndependentOfArrival(t *testing.T) {
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
		size := map[string]int64{}
		// write appends party's statement to origin o's log citing cites.
		write := func(o, party, kind, subject string, payload any, cites ...cite.Citation) cite.Citation {
			t.Helper()
			raw, err := json.Marshal(payload)
			if err != nil {
				t.Fatal(err)
			}
			if len(cites) > 0 {
				var m map[string]any
				if err := json.Unmarshal(raw, &m); err != nil {
					t.Fatal(err)
				}
				m[cite.Field] = cites
				raw, _ = json.Marshal(m)
			}
			es, err := seqs[o].Append(ctx, ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-liaison", Kind: kind,
				Subject: subject, Release: rel, Payload: json.RawMessage(raw)}})
			if err != nil {
				t.Fatal(err)
			}
			size[o]++
			var c cite.Citation
			if err := logs[o].EntryRange(ctx, es[0].Seq, es[0].Seq+1, func(_ *ledger.Entry, b []byte) error {
				c = cite.Of(o, es[0].Seq, ledger.Commitment(b))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return c
		}
		mirrored := map[[2]string]int64{} // what each log mirrored of each other
		catchUp := func(to, from string) {
			t.Helper()
			k := [2]string{to, from}
			if mirrored[k] == size[from] {
				return
			}
			if err := logs[to].Mirrors().ApplyMirrorChunk(ctx, chunkOf(t, logs[from], from, mirrored[k], size[from])); err != nil {
				t.Fatal(err)
			}
			mirrored[k] = size[from]
		}

		from := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
		until := time.Now().UTC().Add(240 * time.Hour).Format(time.RFC3339)
		zone := zones.Subject("zone_j")
		zp := write(us, "us", zones.KindProposed, zone, zones.Proposed{Release: rel, Version: zones.Spec{ZoneID: "zone_j", Version: 1,
			Action: zones.ActionDefine, Kind: zones.KindCeasefireArea, Name: "Joint area", EffectiveFrom: from,
			Geometry: json.RawMessage(`{"type":"MultiPolygon","coordinates":[[[[36,37],[36.1,37],[36.1,37.1],[36,37.1],[36,37]]]]}`)}})
		write(us, "us", zones.KindAgreed, zone, zones.Agreed{ZoneID: "zone_j", Version: 1, Party: "us"})

		agr := agreements.Subject("agr_j")
		ap := write(ru, "ru", agreements.KindProposed, agr, agreements.Proposed{Release: rel, Version: agreements.Spec{AgreementID: "agr_j",
			Version: 1, Title: "Local truce", Parties: []string{"ru", "us"}, EffectiveFrom: from, Obligations: []agreements.ObligationSpec{}}})
		write(ru, "ru", agreements.KindAgreed, agr, agreements.Agreed{AgreementID: "agr_j", Version: 1, Party: "ru"})

		spec := func(id string) agreements.PassageSpec {
			return agreements.PassageSpec{ID: id, Version: 1, Kind: agreements.KindSafePassage, Name: "Convoy " + id,
				Geometry: json.RawMessage(`{"type":"LineString","coordinates":[[36,37],[36.1,37.1]]}`), WindowFrom: from, WindowUntil: until,
				Traffic: []string{"aid"}, Parties: []string{"ru", "us"},
				Contacts: []agreements.Contact{{Party: "ru", Name: "a", Channel: "b"}, {Party: "us", Name: "c", Channel: "d"}}}
		}
		psg1, psg2 := agreements.PassageSubject("psg_j1"), agreements.PassageSubject("psg_j2")
		p1 := write(un, "un", agreements.KindPassageProposed, psg1, agreements.PassageProposed{Release: rel, Version: spec("psg_j1")})
		p2 := write(un, "un", agreements.KindPassageProposed, psg2, agreements.PassageProposed{Release: rel, Version: spec("psg_j2")})

		// Each party's node, once it mirrored the record, speaks in its own log.
		catchUp(ru, us)
		catchUp(us, ru)
		catchUp(us, un)
		catchUp(ru, un)
		write(ru, "ru", zones.KindAgreed, zone, zones.Agreed{ZoneID: "zone_j", Version: 1, Party: "ru"}, zp)
		write(us, "us", agreements.KindAgreed, agr, agreements.Agreed{AgreementID: "agr_j", Version: 1, Party: "us"}, ap)
		g1 := write(us, "us", agreements.KindPassageGuaranteed, psg1, agreements.PassageGuaranteed{PassageID: "psg_j1", Version: 1, Party: "us"}, p1)
		g2 := write(ru, "ru", agreements.KindPassageGuaranteed, psg1, agreements.PassageGuaranteed{PassageID: "psg_j1", Version: 1, Party: "ru"}, p1)
		write(us, "us", agreements.KindPassageGuaranteed, psg2, agreements.PassageGuaranteed{PassageID: "psg_j2", Version: 1, Party: "us"}, p2)
		// ru speaking for us is not us's statement: it never counts.
		write(ru, "ru", agreements.KindPassageGuaranteed, psg2, agreements.PassageGuaranteed{PassageID: "psg_j2", Version: 1, Party: "us"}, p2)
		catchUp(un, us)
		catchUp(un, ru)
		write(un, "un", agreements.KindPassageStatus, psg1, agreements.PassageStatusChanged{PassageID: "psg_j1", Status: agreements.PassageOpen, Version: 1}, g1, g2)
		write(un, "un", agreements.KindPassageStatus, psg2, agreements.PassageStatusChanged{PassageID: "psg_j2", Status: agreements.PassageOpen, Version: 1})

		type piece struct {
			origin     string
			start, end int64
		}
		seed := testseed.Seed(t)
		r := rand.New(rand.NewPCG(seed, 28))
		chairs := []string{"ru", "us"}
		var want string
		for node := range 4 {
			db := open(t)
			origins := []string{us, ru, un}
			r.Shuffle(len(origins), func(i, j int) { origins[i], origins[j] = origins[j], origins[i] })
			var pieces []piece
			next := map[string]int64{}
			for {
				var left []string
				for _, o := range origins {
					if next[o] < size[o] {
						left = append(left, o)
					}
				}
				if len(left) == 0 {
					break
				}
				o := left[r.IntN(len(left))]
				end := next[o] + 1 + r.Int64N(size[o]-next[o])
				pieces = append(pieces, piece{o, next[o], end})
				next[o] = end
			}
			for _, p := range pieces {
				if err := db.Mirrors().ApplyMirrorChunk(ctx, chunkOf(t, logs[p.origin], p.origin, p.start, p.end)); err != nil {
					t.Fatalf("node %d, %s [%d, %d): %v", node, p.origin, p.start, p.end, err)
				}
			}
			read := func(subject string) []*ledger.Entry {
				t.Helper()
				es, _, err := db.JointHistory(ctx, subject, 0)
				if err != nil {
					t.Fatal(err)
				}
				ordered := joint.Order(es)
				out := make([]*ledger.Entry, len(ordered))
				for i, e := range ordered {
					out[i] = e.Entry
				}
				return out
			}
			state := map[string]any{
				"zone":      zones.JointVersions("zone_j", read(zone), chairs, nil),
				"agreement": agreements.JointAgreement("agr_j", read(agr), chairs, nil),
				"passage1":  agreements.JointPassage("psg_j1", read(psg1)),
				"passage2":  agreements.JointPassage("psg_j2", read(psg2)),
			}
			raw, err := json.Marshal(state)
			if err != nil {
				t.Fatal(err)
			}
			got := string(raw)
			if node == 0 {
				want = got
				z := state["zone"].([]zones.Version)
				a := state["agreement"].(*agreements.Agreement)
				ps1, ps2 := state["passage1"].(*agreements.Passage), state["passage2"].(*agreements.Passage)
				switch {
				case len(z) != 1 || z[0].AgreedAt == "" || fmt.Sprint(z[0].AgreedBy) != "[ru us]":
					t.Fatalf("zone versions %+v, want version 1 agreed by ru and us", z)
				case a == nil || len(a.Versions) != 1 || a.Versions[0].AgreedAt == "":
					t.Fatalf("agreement %+v, want version 1 agreed", a)
				case ps1 == nil || ps1.Status != agreements.PassageOpen || len(ps1.Guarantees) != 2:
					t.Fatalf("passage 1 %+v, want open with two guarantees", ps1)
				case ps2 == nil || ps2.Status != agreements.PassagePlanned || len(ps2.Guarantees) != 1:
					t.Fatalf("passage 2 %+v, want planned with us's guarantee only", ps2)
				}
				continue
			}
			if got != want {
				t.Fatalf("node %d (seed %d) computes\n%s\nnode 0\n%s", node, seed, got, want)
			}
		}
	})
}
