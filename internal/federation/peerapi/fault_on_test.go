//go:build trucefault

package peerapi

import (
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// sizedTree is a published tree of n leaves, for NewFault.
type sizedTree int64

func (s sizedTree) Size() int64 { return int64(s) }
func (s sizedTree) Commitments(start, n int64) ([]tlog.Hash, error) {
	return make([]tlog.Hash, n), nil
}

// TestNewFaultReadsItsSpec checks that a test build reads FaultEnv, and
// refuses a spec it cannot act on with an error saying what it wants.
func TestNewFaultReadsItsSpec(t *testing.T) {
	skey, _, err := note.GenerateKey(rand.Reader, "e2e.truce.test/un")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		spec, mode, err string
	}{
		{"", "", ""},
		{"fork:ru", "fork", ""},
		{"fork", "", "fork:PARTY"},
		{"rewrite", "rewrite", ""},
		{"rewrite:3", "rewrite", ""},
		{"rewrite:10", "", "not in the tree of 10"},
		{"rewrite:x", "", "rewrite:ENTRY"},
		{"bad-content", "bad-content", ""},
		{"stale", "stale", ""},
		{"everything", "", "want fork:PARTY"},
	}
	for _, tc := range cases {
		t.Run(tc.spec, func(t *testing.T) {
			f, err := NewFault(FaultDeps{Getenv: func(string) string { return tc.spec }, Signer: signer, Tree: sizedTree(10)})
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("NewFault(%q) = %v, want an error saying %q", tc.spec, err, tc.err)
				}
			case err != nil:
				t.Fatalf("NewFault(%q): %v", tc.spec, err)
			case tc.mode == "" && f != nil:
				t.Fatalf("NewFault(%q) = %v, want none", tc.spec, f)
			case tc.mode != "" && (f == nil || f.(*misbehaviour).mode != tc.mode):
				t.Fatalf("NewFault(%q) = %v, want mode %s", tc.spec, f, tc.mode)
			}
		})
	}
}
