package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/federation/joint"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// BenchmarkJointRecompute measures recomputing the joint state of one
// record after a mirror batch (what a node does per affected record):
// read its entries across logs (JointHistory), order them (joint.Order)
// and fold the layers of findings, for records of 12 entries in three
// logs, on a node holding 500 of them. Reported per record.
func BenchmarkJointRecompute(b *testing.B) {
	for _, eng := range testEngines() {
		b.Run(eng.name, func(b *testing.B) {
			ctx := context.Background()
			const n = 500
			rel := access.Releasability{TLP: access.TLPGreen}
			node := eng.open(b)
			for k, o := range []string{"us.example/log", "ru.example/log", "un.example/log"} {
				src := eng.open(b)
				_, seq := openSequencer(b, src)
				party := []string{"us", "ru", "un"}[k]
				for i := range n {
					id := fmt.Sprintf("inc_%d", i)
					var cs []ledger.Change
					if k == 0 {
						cs = append(cs, reportChange("us", id, rel))
					}
					for j := len(cs); j < 4; j++ {
						cs = append(cs, ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-analyst", Kind: findings.KindPositionStated,
							Subject: incidents.Subject(id), Release: rel, Payload: findings.PositionStated{IncidentID: id, OnFinding: findings.StanceReserves, Statement: fmt.Sprint(j)}}})
					}
					if _, err := seq.Append(ctx, cs...); err != nil {
						b.Fatal(err)
					}
				}
				size := int64(4 * n)
				if err := node.Mirrors().ApplyMirrorChunk(ctx, chunkOfTB(b, src, o, 0, size)); err != nil {
					b.Fatal(err)
				}
			}
			centre := findings.Centre{Monitors: map[string]bool{"un": true}, CoChairs: []string{"ru", "us"}, Now: time.Now()}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				id := fmt.Sprintf("inc_%d", i%n)
				es, _, err := node.JointHistory(ctx, incidents.Subject(id), 0)
				if err != nil || len(es) != 12 {
					b.Fatalf("%s: %d entries, %v", id, len(es), err)
				}
				ordered := joint.Order(es)
				entries := make([]*ledger.Entry, len(ordered))
				for j, e := range ordered {
					entries[j] = e.Entry
				}
				findings.Fold(id, entries, centre)
			}
		})
	}
}
