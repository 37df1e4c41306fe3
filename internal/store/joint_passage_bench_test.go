package store

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
)

// BenchmarkJointPassageRecompute measures recomputing the joint state of
// one safe passage after a mirror batch: read its entries across logs
// (JointHistory), order them (joint.Order) and fold them
// (agreements.JointPassage), for passages of 4 entries in three logs (un's
// proposal and request to open, us's and ru's guarantees, each logged on
// its own node), on a node holding 500 of them. Reported per record.
func BenchmarkJointPassageRecompute(b *testing.B) {
	for _, eng := range testEngines() {
		b.Run(eng.name, func(b *testing.B) {
			ctx := context.Background()
			const n = 500
			rel := access.Releasability{TLP: access.TLPGreen}
			node := eng.open(b)
			spec := func(id string) agreements.PassageSpec {
				return agreements.PassageSpec{ID: id, Version: 1, Kind: agreements.KindSafePassage, Name: id,
					Geometry: json.RawMessage(`{"type":"LineString","coordinates":[[36,37],[36.1,37.1]]}`), WindowFrom: "2026-01-01T00:00:00Z",
					WindowUntil: "2099-01-01T00:00:00Z", Traffic: []string{"aid"}, Parties: []string{"ru", "us"},
					Contacts: []agreements.Contact{{Party: "ru", Name: "a", Channel: "b"}, {Party: "us", Name: "c", Channel: "d"}}}
			}
			for _, party := range []string{"un", "us", "ru"} {
				src := eng.open(b)
				_, seq := openSequencer(b, src)
				change := func(id, kind string, payload any) ledger.Change {
					return ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-liaison", Kind: kind,
						Subject: agreements.PassageSubject(id), Release: rel, Payload: payload}}
				}
				var size int64
				for i := range n {
					id := fmt.Sprintf("psg_%d", i)
					var cs []ledger.Change
					if party == "un" {
						cs = append(cs, change(id, agreements.KindPassageProposed, agreements.PassageProposed{Release: rel, Version: spec(id)}),
							change(id, agreements.KindPassageStatus, agreements.PassageStatusChanged{PassageID: id, Status: agreements.PassageOpen, Version: 1}))
					} else {
						cs = append(cs, change(id, agreements.KindPassageGuaranteed, agreements.PassageGuaranteed{PassageID: id, Version: 1, Party: party}))
					}
					if _, err := seq.Append(ctx, cs...); err != nil {
						b.Fatal(err)
					}
					size += int64(len(cs))
				}
				if err := node.Mirrors().ApplyMirrorChunk(ctx, chunkOfTB(b, src, party+".example/log", 0, size)); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				id := fmt.Sprintf("psg_%d", i%n)
				es, _, err := node.JointHistory(ctx, agreements.PassageSubject(id), 0)
				if err != nil || len(es) != 4 {
					b.Fatalf("%s: %d entries, %v", id, len(es), err)
				}
				ordered := joint.Order(es)
				entries := make([]*ledger.Entry, len(ordered))
				for j, e := range ordered {
					entries[j] = e.Entry
				}
				if p := agreements.JointPassage(id, entries); p == nil || p.Status != agreements.PassageOpen {
					b.Fatalf("%s: %+v, want open", id, p)
				}
			}
		})
	}
}
