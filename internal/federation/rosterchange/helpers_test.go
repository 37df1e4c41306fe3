package rosterchange

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/federation/roster"
	"truce/internal/witness"
)

// member returns a valid member with a node of its own and fresh keys.
func member(t testing.TB, party string, coChair bool) roster.Member {
	t.Helper()
	origin := "fed.truce.invalid/" + party
	_, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	_, wkey, err := witness.GenerateKey("witness.truce.invalid/" + party)
	if err != nil {
		t.Fatal(err)
	}
	spki := make([]byte, 44)
	rand.Read(spki)
	sum := sha256.Sum256(spki)
	return roster.Member{Party: party, Origin: origin, LogKey: vkey, WitnessKey: wkey,
		TLSPin: roster.PinPrefix + hex.EncodeToString(sum[:]), URLs: []string{"https://" + party + ".truce.invalid:8443"},
		CoChair: coChair}
}

// fixture is a federation of us and ru (co-chairs), un and ngo (hosted by
// un), version 1, and the members a proposal may add.
type fixture struct {
	v1   *roster.Roster
	fr   roster.Member // a node that can be added
	next map[string]int64
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	v1 := &roster.Roster{Federation: "test-centre", Version: 1, Quorum: 1, Members: []roster.Member{
		member(t, "us", true), member(t, "ru", true), member(t, "un", false), {Party: "ngo", HostedBy: "un"}}}
	return &fixture{v1: v1, fr: member(t, "fr", false), next: map[string]int64{}}
}

// origin returns party's node origin in f.v1.
func (f *fixture) origin(party string) string { return nodeOrigin(f.v1, party) }

// with returns a copy of base changed by edit, its version set.
func with(base *roster.Roster, version int64, edit func(*roster.Roster)) *roster.Roster {
	r := *base
	r.Members = slices.Clone(base.Members)
	r.Version = version
	if edit != nil {
		edit(&r)
	}
	return &r
}

// entry logs kind with payload on party's node (origin), at that origin's
// next index.
func (f *fixture) entry(t testing.TB, origin, party, kind string, payload any) Entry {
	t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	idx := f.next[origin]
	f.next[origin]++
	sum := sha256.Sum256(append([]byte(origin), raw...))
	return Entry{Origin: origin, Index: idx, LeafHash: hex.EncodeToString(sum[:]), Party: party, Author: party + "-liaison",
		Time: "2026-12-07T10:00:00Z", Kind: kind, Payload: raw}
}

// propose logs a proposal of r replacing prev by party's node.
func (f *fixture) propose(t testing.TB, party string, r, prev *roster.Roster) Entry {
	t.Helper()
	return f.entry(t, f.origin(party), party, KindProposed, Proposed{Roster: *r, Hash: rosterHash(r), Previous: rosterHash(prev)})
}

// agree logs party's agreement (on its own node) to proposal p.
func (f *fixture) agree(t testing.TB, party string, p Entry) Entry {
	t.Helper()
	body, err := decodePayload[Proposed](p)
	if err != nil {
		t.Fatal(err)
	}
	return f.entry(t, f.origin(party), party, KindAgreed, Agreed{Proposal: p.Citation(), RosterHash: body.Hash,
		Version: body.Roster.Version, Previous: body.Previous})
}
