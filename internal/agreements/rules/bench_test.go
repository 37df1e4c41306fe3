package rules

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkEvaluate1000 checks one new incident against 1,000 obligations
// of every kind and 1,000 protected sites (the target is ≤ 1 ms per event).
func BenchmarkEvaluate1000(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 18))
	ev := NewEvaluator(randomRules(rng, 1000), randomSites(rng, 1000))
	events := make([]Event, 1024)
	for i := range events {
		events[i] = randomEvent(rng, i)
		events[i].Source = SourceIncident
		events[i].Category = "shelling_missile"
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_ = ev.Evaluate(&events[i%len(events)])
	}
}

// BenchmarkOracle1000 is the brute-force check of the same rules, for
// comparison.
func BenchmarkOracle1000(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 18))
	rs, sites := randomRules(rng, 1000), randomSites(rng, 1000)
	events := make([]Event, 1024)
	for i := range events {
		events[i] = randomEvent(rng, i)
		events[i].Source = SourceIncident
		events[i].Category = "shelling_missile"
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_ = oracle(rs, sites, &events[i%len(events)])
	}
}
