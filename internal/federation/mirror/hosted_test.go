package mirror_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
	"truce/internal/store"
)

// TestMirrorHostedParties checks that the node of un, hosting ngo, mirrors
// the content of exactly the entries releasable to un or to ngo (the peer
// API serves it those), and that a node that does not host ngo treats
// ngo's content served to it as bad content, with evidence that verifies
// offline and names the parties it was meant for.
func TestMirrorHostedParties(t *testing.T) {
	ctx := context.Background()
	releases := []access.Releasability{
		{TLP: access.TLPGreen},
		{TLP: access.TLPAmber, Audience: []string{"ngo"}},
		{TLP: access.TLPAmberStrict, Audience: []string{"un"}},
		{TLP: access.TLPRed},
		{TLP: access.TLPAmber, Audience: []string{"ru", "ngo"}},
	}
	f := newFixture(t)
	f.set(func(f *fixture) { f.hosted = map[string][]string{"un": {"ngo"}} })
	f.log.AppendWith(t, 20, func(seq int64) access.Releasability { return releases[seq%int64(len(releases))] })
	mirrorOf := func(hosted []string) (*mirror.Mirror, *store.DB) {
		db := fedtest.Engines()[0].Open(t)
		m, err := mirror.New(mirror.Config{Self: "un", Hosted: hosted, Peer: f.peer(), Source: f.mirrorSource(t, "un"), Store: db.Mirrors()})
		if err != nil {
			t.Fatal(err)
		}
		return m, db
	}

	m, db := mirrorOf([]string{"ngo"})
	if err := m.Sync(ctx); err != nil {
		t.Fatalf("the host of ngo: %v", err)
	}
	var got []int64
	rows, err := db.SQL.Query(`SELECT seq FROM local_mirror_entries WHERE origin = $1 AND content IS NOT NULL ORDER BY seq`, f.log.Origin)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			t.Fatal(err)
		}
		got = append(got, seq)
	}
	rows.Close()
	var want []int64
	for seq := range int64(20) {
		r := releases[seq%int64(len(releases))].Normalize("us")
		if r.ReleasableToParty("un") || r.ReleasableToParty("ngo") {
			want = append(want, seq)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("contents mirrored %v, want %v", got, want)
	}

	m, db = mirrorOf(nil)
	err = m.Sync(ctx)
	if !errors.Is(err, mirror.ErrHalted) {
		t.Fatalf("ngo's content served to a node not hosting ngo: %v, want bad content", err)
	}
	ev, err := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != mirror.KindBadContent || ev.Seq != 1 || ev.Receiver != "un" || ev.Hosted != nil {
		t.Fatalf("evidence %s at %d for %q hosting %v", ev.Kind, ev.Seq, ev.Receiver, ev.Hosted)
	}
	if _, err := mirror.VerifyEvidence(ev, f.peer()); err != nil {
		t.Fatalf("evidence does not verify: %v", err)
	}
	ev.Hosted = []string{"ngo"} // the same bytes are proper content for a host of ngo
	if _, err := mirror.VerifyEvidence(ev, f.peer()); err == nil {
		t.Fatal("evidence verifies although the content is releasable to a party the receiver hosts")
	}
}

// TestMirrorPeerHostedStatements checks the other side of hosting: the log
// of us, hosting ngo, holds statements of both; a mirror whose peer lists
// ngo among the parties it speaks for accepts them, and one whose peer
// does not keeps bad-content evidence at ngo's first statement.
func TestMirrorPeerHostedStatements(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var changes []ledger.Change
	for i, party := range []string{"us", "ngo", "us", "ngo"} {
		changes = append(changes, ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-officer", Kind: "test.reported",
			Subject: fmt.Sprintf("sub_%d", i), Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]any{"n": i}}})
	}
	if _, err := f.log.Seq.Append(ctx, changes...); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		parties []string
		badAt   int64 // -1: accepted
	}{
		{"the peer hosts ngo", []string{"us", "ngo"}, -1},
		{"the peer hosts nobody", nil, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := fedtest.Engines()[0].Open(t)
			peer := f.peer()
			peer.Parties = tc.parties
			m, err := mirror.New(mirror.Config{Self: "ru", Peer: peer, Source: f.mirrorSource(t, "ru"), Store: db.Mirrors()})
			if err != nil {
				t.Fatal(err)
			}
			err = m.Sync(ctx)
			if tc.badAt < 0 {
				if err != nil || m.Status().AcceptedSize != 4 {
					t.Fatalf("sync %v, status %+v", err, m.Status())
				}
				return
			}
			ev, evErr := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
			if !errors.Is(err, mirror.ErrHalted) || evErr != nil || ev.Kind != mirror.KindBadContent || ev.Seq != tc.badAt {
				t.Fatalf("sync %v; evidence %+v %v", err, ev, evErr)
			}
			if _, err := mirror.VerifyEvidence(ev, peer); err != nil {
				t.Fatalf("evidence does not verify: %v", err)
			}
		})
	}
}
