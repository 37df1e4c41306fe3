package proofbundle

import (
	"encoding/json"
	"testing"
)

// FuzzParse feeds the parser and the verifier arbitrary bytes (seeded with
// a valid bundle and the corpus in testdata/fuzz/FuzzParse): they must
// never panic, and whatever parses must say why it does not verify, or
// verify.
func FuzzParse(f *testing.F) {
	valid, err := json.Marshal(newFixture(f).bundle)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			return
		}
		if _, err := Verify(b, Pins{}); err != nil && err.Error() == "" {
			t.Fatal("an error without a message")
		}
	})
}
