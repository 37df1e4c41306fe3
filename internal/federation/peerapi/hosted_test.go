package peerapi_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"truce/internal/access"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/ledger"
)

// TestEntriesForHostedParties checks that a node is served the entries
// releasable to any party it serves, its own or one the roster says it
// hosts, and nothing else: un's node, hosting ngo, gets ngo's AMBER entry
// as well as its own party's; un's node without a hosted party, and ru's
// node, do not.
func TestEntriesForHostedParties(t *testing.T) {
	releases := []access.Releasability{
		{TLP: access.TLPGreen},
		{TLP: access.TLPAmber, Audience: []string{"ngo"}},
		{TLP: access.TLPAmberStrict, Audience: []string{"un"}},
		{TLP: access.TLPRed},
		{TLP: access.TLPAmber, Audience: []string{"ru", "ngo"}},
	}
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	l.AppendWith(t, len(releases), func(seq int64) access.Releasability { return releases[seq] })
	tests := []struct {
		name   string
		hosted func(string) []string
		caller string
		want   []int64
	}{
		{"host of ngo", func(p string) []string {
			if p == "un" {
				return []string{"ngo"}
			}
			return nil
		}, "un", []int64{0, 1, 2, 4}},
		{"un hosting nobody", func(string) []string { return nil }, "un", []int64{0, 2}},
		{"no Hosted function", nil, "un", []int64{0, 2}},
		{"another member", func(p string) []string {
			if p == "un" {
				return []string{"ngo"}
			}
			return nil
		}, "ru", []int64{0, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := peerapi.New(peerapi.Config{
				Checkpoint: func(context.Context) ([]byte, error) { return nil, nil },
				Tree:       l.Hashes, Entries: l.DB, Gossip: l.DB.Mirrors(), Evidence: l.DB.Mirrors(),
				AddCheckpoint: http.NotFoundHandler(), Peer: headerPeer, Hosted: tc.hosted,
			})
			if err != nil {
				t.Fatal(err)
			}
			w := get(h, tc.caller, "/federation/v1/entries?start=0&end=5")
			body, _ := io.ReadAll(w.Body)
			lines, err := mirror.DecodeEntries(body)
			if w.Code != http.StatusOK || err != nil {
				t.Fatalf("%d %v", w.Code, err)
			}
			var got []int64
			for _, b := range lines {
				e, err := ledger.DecodeEntry(b)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, e.Seq)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("served entries %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("served entries %v, want %v", got, tc.want)
				}
			}
		})
	}
}
