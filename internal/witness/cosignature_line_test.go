package witness

import (
	"context"
	"strings"
	"testing"
)

// TestParseCosignatureLine reads back the line of a cosignature a real
// witness made, and refuses lines that are not cosignatures.
func TestParseCosignatureLine(t *testing.T) {
	l := newTestLog(t, "truce.test/log", 1).grow(3)
	e := newTestEnv(t, l)
	c := newTestClient(t, e.srv.URL+"/", e.w.VerifierKey(), 0)
	cs, err := c.AddCheckpoint(context.Background(), l.checkpoint(3), 0, l.prover(3))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseCosignatureLine([]byte(cs.Line()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Signature != cs.Signature || !got.Time.Equal(cs.Time) || got.Time.IsZero() {
		t.Fatalf("parsed %+v, want %+v", got, cs)
	}
	logSig := strings.SplitAfter(string(l.checkpoint(3)), "\n\n")[1] // the log's own Ed25519 signature: 68 bytes
	for _, bad := range []string{"", "— \n", "- name AAAA\n", "— name not-base64!\n", "— name AAAA\n", logSig} {
		if _, err := ParseCosignatureLine([]byte(bad)); err == nil {
			t.Errorf("ParseCosignatureLine(%q) succeeded", bad)
		}
	}
}
