package rosterchange

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"truce/internal/federation/roster"
)

func TestNext(t *testing.T) {
	type want struct {
		version  int64
		pending  int
		refused  []string // a substring of each refusal's reason, in (origin, index) order
		missing  []string // of the first pending proposal
		conflict []string // of the first pending proposal
	}
	cases := []struct {
		name    string
		entries func(t *testing.T, f *fixture) []Entry
		want    want
	}{
		{"no entries: the roster in force stays", func(t *testing.T, f *fixture) []Entry { return nil },
			want{version: 1}},
		{"every co-chair agreed: in force", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "un", f.addFR(2, f.v1), f.v1)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 2}},
		{"a co-chair missing: pending", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
			return []Entry{p, f.agree(t, "us", p)}
		}, want{version: 1, pending: 1, missing: []string{"ru"}}},
		{"a non-co-chair's agreement does not count", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "un", p)}
		}, want{version: 1, pending: 1, missing: []string{"ru"}}},
		{"an agreement logged on another party's node does not count", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
			a := f.agree(t, "us", p)
			forged := f.entry(t, f.origin("us"), "ru", KindAgreed, mustDecode[Agreed](t, a))
			return []Entry{p, a, forged}
		}, want{version: 1, pending: 1, missing: []string{"ru"}}},
		{"version skip refused", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", f.addFR(3, f.v1), f.v1)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 1, refused: []string{"skips versions"}}},
		{"stale version refused", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", with(f.v1, 1, func(r *roster.Roster) { r.Quorum = 2 }), f.v1)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 1, refused: []string{"stale"}}},
		{"wrong previous hash refused", func(t *testing.T, f *fixture) []Entry {
			other := with(f.v1, 1, func(r *roster.Roster) { r.Quorum = 2 })
			p := f.propose(t, "us", f.addFR(2, f.v1), other)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 1, refused: []string{"as the previous one"}}},
		{"invalid roster refused", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", with(f.v1, 2, func(r *roster.Roster) { r.Quorum = 9 }), f.v1)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 1, refused: []string{"not valid"}}},
		{"proposal in another party's name refused", func(t *testing.T, f *fixture) []Entry {
			r := f.addFR(2, f.v1)
			p := f.entry(t, f.origin("un"), "us", KindProposed, Proposed{Roster: *r, Hash: rosterHash(r), Previous: rosterHash(f.v1)})
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 1, refused: []string{"does not speak for"}}},
		{"hosted party proposes on its host's node", func(t *testing.T, f *fixture) []Entry {
			r := f.addFR(2, f.v1)
			p := f.entry(t, f.origin("un"), "ngo", KindProposed, Proposed{Roster: *r, Hash: rosterHash(r), Previous: rosterHash(f.v1)})
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 2}},
		{"conflicting proposals split the co-chairs: both pending", func(t *testing.T, f *fixture) []Entry {
			a := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
			b := f.propose(t, "ru", with(f.v1, 2, func(r *roster.Roster) { r.Members = r.Members[:3] }), f.v1)
			return []Entry{a, b, f.agree(t, "us", a), f.agree(t, "ru", b)}
		}, want{version: 1, pending: 2, missing: []string{"us"}, conflict: []string{"us"}}}, // ru's proposal first: "…/ru" < "…/us"
		{"a co-chair's second agreement for a version does not count", func(t *testing.T, f *fixture) []Entry {
			a := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
			b := f.propose(t, "ru", with(f.v1, 2, func(r *roster.Roster) { r.Members = r.Members[:3] }), f.v1)
			return []Entry{a, b, f.agree(t, "us", a), f.agree(t, "ru", b), f.agree(t, "ru", a)}
		}, want{version: 1, pending: 2, missing: []string{"us"}, conflict: []string{"us"}}},
		{"conflicting proposal refused once the other is in force", func(t *testing.T, f *fixture) []Entry {
			a := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
			b := f.propose(t, "un", with(f.v1, 2, func(r *roster.Roster) { r.Quorum = 2 }), f.v1)
			return []Entry{a, b, f.agree(t, "us", a), f.agree(t, "ru", a), f.agree(t, "ru", b)}
		}, want{version: 2, refused: []string{"stale"}}},
		{"changes chain: version 3 agreed by version 2's co-chairs", func(t *testing.T, f *fixture) []Entry {
			v2 := with(f.v1, 2, func(r *roster.Roster) { r.Members[2].CoChair = true }) // un becomes a co-chair
			p2 := f.propose(t, "us", v2, f.v1)
			v3 := with(v2, 3, func(r *roster.Roster) { r.Quorum = 2 })
			p3 := f.propose(t, "ru", v3, v2)
			return []Entry{p2, f.agree(t, "us", p2), f.agree(t, "ru", p2), p3, f.agree(t, "us", p3), f.agree(t, "ru", p3)}
		}, want{version: 2, pending: 1, missing: []string{"un"}}},
		{"own rotation: ru's node proposes ru's new keys, in force", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "ru", f.rotate(t, "ru", 2, f.v1), f.v1)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 2}},
		{"foreign rotation: us's node proposes ru's new keys, refused", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", f.rotate(t, "ru", 2, f.v1), f.v1)
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 1, refused: []string{`changes the keys of "ru"`}}},
		{"foreign rotation of a pin alone, by a hosted party on its host's node, refused", func(t *testing.T, f *fixture) []Entry {
			r := with(f.v1, 2, func(r *roster.Roster) { r.Members[1].TLSPin = f.fr.TLSPin })
			p := f.entry(t, f.origin("un"), "ngo", KindProposed, Proposed{Roster: *r, Hash: rosterHash(r), Previous: rosterHash(f.v1)})
			return []Entry{p, f.agree(t, "us", p), f.agree(t, "ru", p)}
		}, want{version: 1, refused: []string{`changes the keys of "ru"`}}},
		{"foreign removal of a retired key, refused", func(t *testing.T, f *fixture) []Entry {
			v2 := f.rotate(t, "ru", 2, f.v1)
			p2 := f.propose(t, "ru", v2, f.v1)
			v3 := with(v2, 3, func(r *roster.Roster) { r.Members[1].RetiredLogKeys = nil })
			p3 := f.propose(t, "us", v3, v2)
			return []Entry{p2, f.agree(t, "us", p2), f.agree(t, "ru", p2), p3, f.agree(t, "us", p3), f.agree(t, "ru", p3)}
		}, want{version: 2, refused: []string{`changes the keys of "ru"`}}},
		{"an agreement citing the wrong roster hash does not count", func(t *testing.T, f *fixture) []Entry {
			p := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
			bad := mustDecode[Agreed](t, f.agree(t, "ru", p))
			bad.RosterHash = rosterHash(f.v1)
			return []Entry{p, f.agree(t, "us", p), f.entry(t, f.origin("ru"), "ru", KindAgreed, bad)}
		}, want{version: 1, pending: 1, missing: []string{"ru"}, conflict: []string{"ru"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			v := Next(f.v1, tc.entries(t, f))
			if v.Roster.Version != tc.want.version {
				t.Fatalf("version in force %d, want %d (pending %+v, refused %+v)", v.Roster.Version, tc.want.version, v.Pending, v.Refused)
			}
			if v.Hash != rosterHash(v.Roster) {
				t.Errorf("hash %s is not the roster's", v.Hash)
			}
			if len(v.Pending) != tc.want.pending {
				t.Errorf("%d pending, want %d: %+v", len(v.Pending), tc.want.pending, v.Pending)
			}
			if len(v.Refused) != len(tc.want.refused) {
				t.Fatalf("%d refused, want %d: %+v", len(v.Refused), len(tc.want.refused), v.Refused)
			}
			for i, r := range v.Refused {
				if !strings.Contains(r.Reason, tc.want.refused[i]) {
					t.Errorf("refusal %d: %q, want it to say %q", i, r.Reason, tc.want.refused[i])
				}
			}
			if tc.want.pending > 0 {
				p := v.Pending[0]
				if !slices.Equal(p.Missing, tc.want.missing) {
					t.Errorf("missing %v, want %v", p.Missing, tc.want.missing)
				}
				if !slices.Equal(p.Conflicting, tc.want.conflict) {
					t.Errorf("conflicting %v, want %v", p.Conflicting, tc.want.conflict)
				}
			}
		})
	}
}

// TestNextOrderIndependent checks that two nodes holding the same entries,
// read in any order (and some twice), compute the same roster.
func TestNextOrderIndependent(t *testing.T) {
	f := newFixture(t)
	a := f.propose(t, "us", f.addFR(2, f.v1), f.v1)
	b := f.propose(t, "un", with(f.v1, 2, func(r *roster.Roster) { r.Quorum = 2 }), f.v1)
	entries := []Entry{a, b, f.agree(t, "ru", b), f.agree(t, "us", a), f.agree(t, "ru", a), f.agree(t, "us", b)}
	want := Next(f.v1, entries)
	if want.Roster.Version != 1 || len(want.Pending) != 2 {
		t.Fatalf("ru's first agreement is to b and us's to a: neither may be in force, got version %d, %d pending", want.Roster.Version, len(want.Pending))
	}
	// A second history: a comes into force, then version 3 on top of it,
	// while b (conflicting with a) gathers a late agreement.
	g := newFixture(t)
	v2 := g.addFR(2, g.v1)
	a2 := g.propose(t, "us", v2, g.v1)
	b2 := g.propose(t, "un", with(g.v1, 2, func(r *roster.Roster) { r.Quorum = 2 }), g.v1)
	v3 := with(v2, 3, func(r *roster.Roster) { r.Quorum = 2 })
	p3 := g.propose(t, "ru", v3, v2)
	chained := []Entry{a2, b2, g.agree(t, "us", a2), g.agree(t, "ru", a2), g.agree(t, "us", b2), p3, g.agree(t, "ru", p3), g.agree(t, "us", p3)}
	wantChained := Next(g.v1, chained)
	if wantChained.Roster.Version != 3 || len(wantChained.Applied) != 2 {
		t.Fatalf("chained history: version %d, %d applied; want 3 and 2", wantChained.Roster.Version, len(wantChained.Applied))
	}
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	for _, h := range []struct {
		base    *roster.Roster
		entries []Entry
		want    View
	}{{f.v1, entries, want}, {g.v1, chained, wantChained}} {
		for range 50 {
			shuffled := append(slices.Clone(h.entries), h.entries[rng.IntN(len(h.entries))])
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			got := Next(h.base, shuffled)
			if got.Hash != h.want.Hash || len(got.Pending) != len(h.want.Pending) || len(got.Refused) != len(h.want.Refused) {
				t.Fatalf("order %v: hash %s, %d pending, %d refused; want %s, %d, %d", shuffled, got.Hash, len(got.Pending), len(got.Refused),
					h.want.Hash, len(h.want.Pending), len(h.want.Refused))
			}
		}
	}
}

// addFR returns base with fr added, at version.
func (f *fixture) addFR(version int64, base *roster.Roster) *roster.Roster {
	return with(base, version, func(r *roster.Roster) { r.Members = append(r.Members, f.fr) })
}

// rotate returns base at version with party's log key, witness key and
// TLS pin replaced by fresh ones, its old log key retired.
func (f *fixture) rotate(t testing.TB, party string, version int64, base *roster.Roster) *roster.Roster {
	t.Helper()
	fresh := member(t, party, false)
	return with(base, version, func(r *roster.Roster) {
		for i, m := range r.Members {
			if m.Party == party {
				m.RetiredLogKeys = append(slices.Clone(m.RetiredLogKeys), m.LogKey)
				m.LogKey, m.WitnessKey, m.TLSPin = fresh.LogKey, fresh.WitnessKey, fresh.TLSPin
				r.Members[i] = m
			}
		}
	})
}

func mustDecode[T any](t testing.TB, e Entry) *T {
	t.Helper()
	v, err := decodePayload[T](e)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
