package joint

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"truce/internal/federation/cite"
	"truce/internal/ledger"
	"truce/internal/testseed"
)

// randomEntries returns n entries over origins, each citing up to two
// earlier ones; times are each origin's clock, skewed so that a citing
// entry is often earlier by time than what it cites.
func randomEntries(r *rand.Rand, n int, origins []string) []Entry {
	next := map[string]int64{}
	base := time.Date(2016, 9, 12, 10, 0, 0, 0, time.UTC)
	out := make([]Entry, 0, n)
	for i := range n {
		o := origins[r.IntN(len(origins))]
		t := base.Add(time.Duration(i)*time.Minute + time.Duration(r.IntN(20)-10)*time.Minute)
		if r.IntN(4) == 0 && len(out) > 0 {
			t = out[len(out)-1].Entry.TimeValue() // ties happen
		}
		e := Entry{Origin: o, LeafHash: fmt.Sprintf("%064x", i), Entry: &ledger.Entry{Seq: next[o], Time: t.Format(time.RFC3339Nano), Kind: "incident.assessed"}}
		next[o]++
		for k := r.IntN(3); k > 0 && len(out) > 0; k-- {
			c := out[r.IntN(len(out))]
			e.Cites = append(e.Cites, cite.Citation{Origin: c.Origin, Index: c.Entry.Seq, LeafHash: c.LeafHash})
		}
		out = append(out, e)
	}
	return out
}

// TestOrderIsArrivalIndependent checks, on random entries and random
// arrival orders (seed printed), that Order gives one order for every
// permutation, places every entry after those it cites, and keeps a
// duplicate once.
func TestOrderIsArrivalIndependent(t *testing.T) {
	seed := testseed.Seed(t)
	r := rand.New(rand.NewPCG(seed, 17))
	for round := range 50 {
		es := randomEntries(r, 1+r.IntN(60), []string{"un.example/log", "us.example/log", "ru.example/log"})
		want := Order(es)
		if len(want) != len(es) {
			t.Fatalf("round %d: %d entries ordered, %d given", round, len(want), len(es))
		}
		pos := map[id]int{}
		for i, e := range want {
			pos[id{e.Origin, e.Entry.Seq}] = i
		}
		for i, e := range want {
			for _, c := range e.Cites {
				if pos[id{c.Origin, c.Index}] >= i {
					t.Fatalf("round %d: %s#%d placed at %d, before the entry it cites %s", round, e.Origin, e.Entry.Seq, i, c)
				}
			}
		}
		for range 5 {
			shuffled := append([]Entry(nil), es...)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			shuffled = append(shuffled, shuffled[r.IntN(len(shuffled))]) // arrives twice
			got := Order(shuffled)
			if !sameOrder(got, want) {
				t.Fatalf("round %d (seed %d): another arrival order gives another joint order", round, seed)
			}
		}
	}
}

func sameOrder(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Origin != b[i].Origin || a[i].Entry.Seq != b[i].Entry.Seq {
			return false
		}
	}
	return true
}

func TestOrderRules(t *testing.T) {
	e := func(origin string, seq int64, tm string, cites ...cite.Citation) Entry {
		return Entry{Origin: origin, Entry: &ledger.Entry{Seq: seq, Time: tm}, Cites: cites}
	}
	report := e("us", 0, "2016-09-12T10:00:00Z")
	early := e("ru", 0, "2016-09-12T09:00:00Z", cite.Citation{Origin: "us", Index: 0}) // ru's clock is behind
	tie := e("un", 0, "2016-09-12T10:00:00Z")
	for _, tc := range []struct {
		name string
		in   []Entry
		want []string
	}{
		{"a citing entry follows what it cites, whatever its time", []Entry{early, report}, []string{"us#0", "ru#0"}},
		{"equal times by origin", []Entry{tie, report}, []string{"un#0", "us#0"}},
		{"a citation outside the set is ignored", []Entry{early}, []string{"ru#0"}},
	} {
		var got []string
		for _, x := range Order(tc.in) {
			got = append(got, fmt.Sprintf("%s#%d", x.Origin, x.Entry.Seq))
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if d := Describe([]Log{{Origin: "us", TreeSize: 1205}, {Origin: "ru", TreeSize: 989}}); d != "us at index 1204, ru at index 988" {
		t.Errorf("Describe: %q", d)
	}
}
