package roster

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParse checks that Parse never panics and that whatever it accepts is
// valid and round-trips: encoded again and parsed, it has the same hash.
// The seed corpus is under testdata/fuzz/FuzzParse (a valid roster and
// near misses); run it longer with go test -fuzz FuzzParse.
func FuzzParse(f *testing.F) {
	good, err := json.Marshal(testRoster(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(bytes.Replace(good, []byte(`"quorum":1`), []byte(`"quorum":1,"quorum":1`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("Parse accepted an invalid roster: %v", err)
		}
		h1, err := r.Hash()
		if err != nil {
			t.Fatalf("hash of an accepted roster: %v", err)
		}
		canon, err := r.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		r2, err := Parse(canon)
		if err != nil {
			t.Fatalf("the canonical form of an accepted roster is refused: %v", err)
		}
		if h2, _ := r2.Hash(); h2 != h1 {
			t.Fatalf("round trip changed the hash: %s, want %s", h2, h1)
		}
	})
}
