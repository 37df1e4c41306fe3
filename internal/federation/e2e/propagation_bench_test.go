package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"truce/internal/testwait"
)

// BenchmarkFederationPropagation measures, in the federation of three
// processes (checkpoint interval 50ms, mirrors polling every 100ms, no
// faults), the time from an acknowledged write on us's node until both
// other nodes' mirrors have accepted a checkpoint that holds it: signing,
// the peers' cosignatures, their next poll, and verifying and storing the
// new entries. It reports the median and the 95th percentile per write.
func BenchmarkFederationPropagation(b *testing.B) {
	bin := buildTruce(b)
	nodes := found(b, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	for _, n := range nodes {
		n.start(b, bin)
	}
	waitConverged(b, nodes, "before measuring")
	mirroredBy := func(n *node, seq int64) bool {
		st, _ := n.status()
		for _, p := range st.Peers {
			if p.Party == "us" {
				return p.AcceptedSize > seq
			}
		}
		return false
	}
	var took []time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		code, body := us.call("POST", "/api/v1/incidents", us.token, incident(fmt.Sprintf("bench-%d", i), "propagation", "GREEN"))
		var inc struct {
			Seq int64 `json:"seq"`
		}
		if code != http.StatusCreated || json.Unmarshal(body, &inc) != nil {
			b.Fatalf("report: %d %s", code, body)
		}
		testwait.For(b, 60*time.Second, "the write mirrored by ru and un", func() bool {
			return mirroredBy(ru, inc.Seq) && mirroredBy(un, inc.Seq)
		})
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "median-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Milliseconds()), "p95-ms")
}
