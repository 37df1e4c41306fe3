package ledger

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzCanonicalize checks that Canonicalize never panics, that its output
// is valid JSON equal in value to the input, and that it is a fixed point.
func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{`{"b":1,"a":[true,null,"x"]}`, `1e21`, `-0`, `"\u2028\u001f"`, `{"\ud83d\ude00":1,"\ufb33":2}`, `{"a":1,"a":2}`, `{} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Canonicalize(in)
		if err != nil {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("Canonicalize(%q) = %q: not valid JSON", in, out)
		}
		again, err := Canonicalize(out)
		if err != nil {
			t.Fatalf("Canonicalize(%q) = %q, which does not canonicalise: %v", in, out, err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		var vin, vout any
		if err := json.Unmarshal(in, &vin); err != nil {
			t.Fatalf("Canonicalize accepted %q, which encoding/json refuses: %v", in, err)
		}
		if err := json.Unmarshal(out, &vout); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(vin, vout) {
			t.Fatalf("value changed: %q (%#v) -> %q (%#v)", in, vin, out, vout)
		}
	})
}

// FuzzParseProof checks that ParseProof never panics and that formatting a
// parsed proof gives text that parses to the same proof.
func FuzzParseProof(f *testing.F) {
	f.Add([]byte(ProofHeader + "\nextra eyJhIjoxfQ==\nindex 3\n" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\ntruce.example/node\n4\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— truce.example/node AAAA\n"))
	f.Add([]byte(ProofHeader + "\nindex 0\n\n"))
	f.Add([]byte(ProofHeader + "\nindex +7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\n"))
	f.Add([]byte(ProofHeader + "\nextra \nindex 1\n\n\n\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := ParseProof(in)
		if err != nil {
			return
		}
		text := p.Format()
		p2, err := ParseProof(text)
		if err != nil {
			t.Fatalf("ParseProof(%q) formats as %q, which does not parse: %v", in, text, err)
		}
		if !reflect.DeepEqual(p, p2) {
			t.Fatalf("round trip changed the proof:\n%+v\n%+v", p, p2)
		}
		if !bytes.Equal(p2.Format(), text) {
			t.Fatalf("Format not stable: %q vs %q", text, p2.Format())
		}
	})
}

// FuzzParseCheckpoint checks that ParseCheckpoint never panics and that
// Body of a parsed checkpoint parses back to it.
func FuzzParseCheckpoint(f *testing.F) {
	f.Add("truce.example/node\n42\nAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n")
	f.Add("o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next\n")
	f.Add("o\n01\nAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n")
	f.Add("o\n1\nAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseCheckpoint(in)
		if err != nil {
			return
		}
		if c.N < 0 || c.Origin == "" {
			t.Fatalf("ParseCheckpoint(%q) = %+v", in, c)
		}
		body := c.Body()
		c2, err := ParseCheckpoint(body)
		if err != nil {
			t.Fatalf("Body %q of %q does not parse: %v", body, in, err)
		}
		if c2 != c {
			t.Fatalf("round trip: %+v -> %q -> %+v", c, body, c2)
		}
	})
}

// FuzzDecodeEntry checks that DecodeEntry never panics and accepts only
// bytes that re-encode to themselves.
func FuzzDecodeEntry(f *testing.F) {
	f.Add([]byte(`{"author":"a","kind":"x.y","party":"us","payload":{"a":1},"release":{"tlp":"CLEAR"},"salt":"AAAA","seq":0,"subject":"s","time":"2025-01-01T00:00:00Z","v":1}`))
	f.Add([]byte(`{"author":"a","kind":"x.y","party":"us","payload":null,"release":{"audience":["ru","us"],"tlp":"RED"},"salt":null,"seq":5,"subject":"s","time":"t","v":1}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		e, err := DecodeEntry(in)
		if err != nil {
			return
		}
		again, err := e.Canonical()
		if err != nil || !bytes.Equal(again, in) {
			t.Fatalf("DecodeEntry accepted %q, which re-encodes as %q (%v)", in, again, err)
		}
	})
}
