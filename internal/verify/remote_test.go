package verify_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/app"
	"truce/internal/ledger"
	"truce/internal/verify"
)

// TestRemote checks a real node over loopback: the checkpoint's signature,
// the inclusion of entries with and without their content, and consistency
// with a checkpoint saved from an earlier run.
func TestRemote(t *testing.T) {
	ctx := context.Background()
	n := newTestNode(t, nil)
	n.write(t, "un-observer")
	n.signCheckpoint(t)
	first, err := verify.Remote(ctx, verify.RemoteOptions{URL: n.srv.URL, LogKey: n.key, Client: n.srv.Client()})
	if err != nil {
		t.Fatalf("remote: %v", err)
	}
	size := first.Checkpoint.N
	if size < 3 || first.Checkpoint.Origin != n.origin || first.Consistent || len(first.Note) == 0 {
		t.Fatalf("first check: %+v", first)
	}

	n.write(t, "un-analyst")
	n.signCheckpoint(t)
	var steps []string
	res, err := verify.Remote(ctx, verify.RemoteOptions{URL: n.srv.URL + "/", LogKey: n.key, Client: n.srv.Client(),
		Saved: first.Note, Entries: []int64{0, size - 1, size}, Token: n.token, Progress: func(s string) { steps = append(steps, s) }})
	if err != nil {
		t.Fatalf("remote with a saved checkpoint: %v", err)
	}
	if res.Checkpoint.N <= size || !res.Consistent || len(steps) == 0 {
		t.Fatalf("second check: size %d (first %d), consistent %v, %d steps", res.Checkpoint.N, size, res.Consistent, len(steps))
	}
	if len(res.EntryReports) != 3 {
		t.Fatalf("entry reports %q", res.EntryReports)
	}
	for _, r := range res.EntryReports {
		if !strings.Contains(r, "content matches its commitment") {
			t.Errorf("entry report %q", r)
		}
	}
	if !strings.Contains(res.EntryReports[2], "user.created") {
		t.Errorf("entry %d report %q, want the user created after the first check", size, res.EntryReports[2])
	}
	anon, err := verify.Remote(ctx, verify.RemoteOptions{URL: n.srv.URL, LogKey: n.key, Client: n.srv.Client(), Entries: []int64{1}})
	if err != nil || len(anon.EntryReports) != 1 || !strings.Contains(anon.EntryReports[0], "content not checked") {
		t.Fatalf("inclusion without a token: %+v, %v", anon, err)
	}
}

// TestRemoteRefuses checks that each thing Remote must not accept is an
// error saying what did not verify.
func TestRemoteRefuses(t *testing.T) {
	ctx := context.Background()
	n := newTestNode(t, nil)
	n.write(t, "un-observer")
	n.signCheckpoint(t)
	keys, err := app.LoadNodeKeys(n.dir)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := verify.Remote(ctx, verify.RemoteOptions{URL: n.srv.URL, LogKey: n.key, Client: n.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	// A checkpoint the node's own key signed over another tree of 2
	// entries: the current tree does not extend it.
	fork, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: n.origin, Tree: tlog.Tree{N: 2, Hash: tlog.Hash{1}}}, keys.Signer)
	if err != nil {
		t.Fatal(err)
	}
	bigger, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: n.origin, Tree: tlog.Tree{N: cur.Checkpoint.N + 5, Hash: tlog.Hash{1}}}, keys.Signer)
	if err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := note.GenerateKey(nil, n.origin)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, _ := note.NewVerifier(vkey)
	otherSigner, _ := note.NewSigner(skey)
	foreign, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: n.origin, Tree: tlog.Tree{N: 1}}, otherSigner)
	if err != nil {
		t.Fatal(err)
	}
	_, wvkey, err := note.GenerateKey(nil, "witness.test.invalid/w1")
	if err != nil {
		t.Fatal(err)
	}
	witnessKey, _ := note.NewVerifier(wvkey)
	tests := []struct {
		name string
		opts verify.RemoteOptions
		want string
	}{
		{"another log key", verify.RemoteOptions{LogKey: otherKey}, "checkpoint"},
		{"quorum not met", verify.RemoteOptions{WitnessKeys: []note.Verifier{witnessKey}, Quorum: 1}, "checkpoint"},
		{"fork", verify.RemoteOptions{Saved: fork}, "FORK"},
		{"log shrank", verify.RemoteOptions{Saved: bigger}, "the log shrank"},
		{"saved by another key", verify.RemoteOptions{Saved: foreign}, "saved checkpoint"},
		{"entry past the tree", verify.RemoteOptions{Entries: []int64{cur.Checkpoint.N}}, "not in the checkpoint"},
		{"negative entry", verify.RemoteOptions{Entries: []int64{-1}}, "not in the checkpoint"},
		{"bad token", verify.RemoteOptions{Entries: []int64{0}, Token: "truce_not-a-token"}, "401"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts
			o.URL, o.Client = n.srv.URL, n.srv.Client()
			if o.LogKey == nil {
				o.LogKey = n.key
			}
			res, err := verify.Remote(ctx, o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("remote: %+v, %v; want an error with %q", res, err, tc.want)
			}
		})
	}
}

// TestRemoteContentMismatch serves, for entry 0, the content of entry 1:
// Remote must see that it does not hash to entry 0's commitment.
func TestRemoteContentMismatch(t *testing.T) {
	swap := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/log/entries/0" {
				r.URL.Path = "/api/v1/log/entries/1"
			}
			h.ServeHTTP(w, r)
		})
	}
	n := newTestNode(t, swap)
	n.signCheckpoint(t)
	_, err := verify.Remote(context.Background(), verify.RemoteOptions{URL: n.srv.URL, LogKey: n.key, Client: n.srv.Client(),
		Entries: []int64{0}, Token: n.token})
	if err == nil || !strings.Contains(err.Error(), "CONTENT MISMATCH") {
		t.Fatalf("remote: %v, want CONTENT MISMATCH", err)
	}
}
