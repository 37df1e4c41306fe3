package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/testseed"
)

// TestEncodeCanonicalAgreesWithJCS checks the sequencer's fast encoder
// against the general RFC 8785 canonicaliser on random entries.
func TestEncodeCanonicalAgreesWithJCS(t *testing.T) {
	seed := testseed.Seed(t)
	r := rand.New(rand.NewPCG(seed, 2))
	strs := []string{"", "us", "ru", "a\"b", "line\nbreak", "tab\t", "\u0001ctl", "é", "日本", "😀", "<>&", "\u2028", "back\\slash"}
	pick := func() string { return strs[r.IntN(len(strs))] }
	for i := range 2000 {
		aud := []string{}
		for range r.IntN(3) {
			aud = append(aud, pick())
		}
		d := Draft{Party: pick(), Author: pick(), Kind: "x.y", Subject: pick(),
			Release: access.Releasability{TLP: access.Labels[r.IntN(5)], Audience: aud},
			Payload: map[string]any{pick(): pick(), "n": r.Float64() * 1e6, "i": r.IntN(1 << 40), "nested": map[string]any{pick(): []any{pick(), r.IntN(9), nil, true}}}}
		p, err := d.prepare()
		if err != nil {
			t.Fatal(err)
		}
		e, fast, err := d.seal(p, int64(i)*7919, time.Unix(int64(r.IntN(1<<31)), int64(r.IntN(1e9))))
		if err != nil {
			t.Fatal(err)
		}
		slow, err := e.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fast, slow) {
			t.Fatalf("entry %d:\nfast %s\nslow %s", i, fast, slow)
		}
		back, err := DecodeEntry(fast)
		if err != nil {
			t.Fatalf("entry %d does not decode: %v", i, err)
		}
		b1, _ := json.Marshal(back)
		b2, _ := json.Marshal(e)
		if !bytes.Equal(b1, b2) {
			t.Fatal(fmt.Sprintf("round trip differs:\n%s\n%s", b1, b2))
		}
	}
}
