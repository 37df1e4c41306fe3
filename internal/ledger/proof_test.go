package ledger

import (
	"bytes"
	"encoding/base64"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// proofFor returns the proof of entry i of l against the whole tree, and the
// checkpoint it verifies against.
func proofFor(t *testing.T, l *testLog, i int) (*Proof, Checkpoint) {
	t.Helper()
	tree, err := l.hashes.Tree()
	if err != nil {
		t.Fatal(err)
	}
	rp, err := tlog.ProveRecord(tree.N, int64(i), l.hashes)
	if err != nil {
		t.Fatal(err)
	}
	cp := Checkpoint{Origin: "truce.example/node", Tree: tree}
	return &Proof{Extra: l.canonical[i], Index: int64(i), Hashes: rp, Checkpoint: []byte(cp.Body() + "\n— truce.example/node AAAA\n")}, cp
}

// TestProofFormatParse checks that Format and ParseProof invert each other
// and that every entry of a log verifies.
func TestProofFormatParse(t *testing.T) {
	l := newTestLog(t, 77)
	for i := range 77 {
		p, cp := proofFor(t, l, i)
		text := p.Format()
		if !bytes.HasPrefix(text, []byte(ProofHeader+"\nextra ")) {
			t.Fatalf("Format: %q", text)
		}
		got, err := ParseProof(text)
		if err != nil {
			t.Fatalf("ParseProof(%q): %v", text, err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("round trip of proof %d:\n got %+v\nwant %+v", i, got, p)
		}
		e, err := got.VerifyInclusion(cp)
		if err != nil {
			t.Fatalf("VerifyInclusion(%d): %v", i, err)
		}
		if e.Seq != int64(i) || e.Subject != l.entries[i].Subject {
			t.Fatalf("VerifyInclusion(%d) returned entry %+v", i, e)
		}
	}
	// A proof without extra and without hashes (a one-entry tree).
	p := &Proof{Index: 0, Checkpoint: []byte("o\n1\nAAAA\n")}
	got, err := ParseProof(p.Format())
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Fatalf("bare proof: %+v, %v", got, err)
	}
}

// TestVerifyInclusionRejects checks that a proof for the wrong position,
// content, path or tree does not verify.
func TestVerifyInclusionRejects(t *testing.T) {
	l := newTestLog(t, 300)
	const i = 123
	tamperedSubject := bytes.Replace(l.canonical[i], []byte(`"subject":"incident:123"`), []byte(`"subject":"incident:124"`), 1)
	if bytes.Equal(tamperedSubject, l.canonical[i]) {
		t.Fatal("tampering did not change the entry")
	}
	tests := []struct {
		name    string
		edit    func(p *Proof, cp *Checkpoint)
		wantErr string
	}{
		{"no extra", func(p *Proof, cp *Checkpoint) { p.Extra = nil }, "no entry"},
		{"extra not an entry", func(p *Proof, cp *Checkpoint) { p.Extra = []byte(`{"x":1}`) }, "decode entry"},
		{"extra not canonical", func(p *Proof, cp *Checkpoint) { p.Extra = append(bytes.Clone(p.Extra), ' ') }, "canonical"},
		{"tampered extra", func(p *Proof, cp *Checkpoint) { p.Extra = tamperedSubject }, "not in the tree"},
		{"another entry", func(p *Proof, cp *Checkpoint) { p.Extra = l.canonical[i+1] }, "proof is for index"},
		{"wrong index", func(p *Proof, cp *Checkpoint) { p.Index = i + 1 }, "proof is for index"},
		{"another entry at its index", func(p *Proof, cp *Checkpoint) { p.Extra, p.Index = l.canonical[i+1], i+1 }, "not in the tree"},
		{"tampered first hash", func(p *Proof, cp *Checkpoint) { p.Hashes[0][0] ^= 1 }, "not in the tree"},
		{"tampered last hash", func(p *Proof, cp *Checkpoint) { p.Hashes[len(p.Hashes)-1][31] ^= 0x80 }, "not in the tree"},
		{"missing hash", func(p *Proof, cp *Checkpoint) { p.Hashes = p.Hashes[:len(p.Hashes)-1] }, "not in the tree"},
		{"extra hash", func(p *Proof, cp *Checkpoint) { p.Hashes = append(p.Hashes, tlog.Hash{}) }, "not in the tree"},
		{"no hashes", func(p *Proof, cp *Checkpoint) { p.Hashes = nil }, "not in the tree"},
		{"wrong root", func(p *Proof, cp *Checkpoint) { cp.Hash[5] ^= 1 }, "not in the tree"},
		{"smaller tree", func(p *Proof, cp *Checkpoint) { cp.N = 200 }, "not in the tree"},
		// (A size of the same shape around the entry, e.g. 301 or 512, gives
		// the same computation: RFC 6962 proofs bind the root, and the root
		// binds the size only through the signed checkpoint.)
		{"larger tree", func(p *Proof, cp *Checkpoint) { cp.N = 1000 }, "not in the tree"},
		{"index at tree size", func(p *Proof, cp *Checkpoint) { cp.N = i }, "beyond the checkpoint"},
		{"index beyond tree", func(p *Proof, cp *Checkpoint) { cp.N = 100 }, "beyond the checkpoint"},
		{"empty tree", func(p *Proof, cp *Checkpoint) { cp.N = 0 }, "beyond the checkpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, cp := proofFor(t, l, i)
			if _, err := p.VerifyInclusion(cp); err != nil {
				t.Fatalf("unmodified proof: %v", err)
			}
			p.Hashes = append(tlog.RecordProof(nil), p.Hashes...)
			tt.edit(p, &cp)
			e, err := p.VerifyInclusion(cp)
			if err == nil {
				t.Fatalf("VerifyInclusion = %+v, want an error", e)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("VerifyInclusion: %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

// TestParseProofRejects checks the tlog-proof syntax errors.
func TestParseProofRejects(t *testing.T) {
	h := base64.StdEncoding.EncodeToString(make([]byte, 32))
	tests := []struct {
		name, in, wantErr string
	}{
		{"empty", "", "no blank line"},
		{"no blank line", ProofHeader + "\nindex 1\n" + h + "\n", "no blank line"},
		{"wrong header", "c2sp.org/tlog-proof@v2\nindex 1\n\ncp", "first line"},
		{"header with space", ProofHeader + " \nindex 1\n\ncp", "first line"},
		{"no index", ProofHeader + "\n\ncp", "missing index"},
		{"extra but no index", ProofHeader + "\nextra AAAA\n\ncp", "missing index"},
		{"index before extra", ProofHeader + "\nindex 1\nextra AAAA\n\ncp", "proof hash 0"},
		{"bad extra", ProofHeader + "\nextra !!!\nindex 1\n\ncp", "bad extra"},
		{"negative index", ProofHeader + "\nindex -1\n\ncp", "bad index"},
		{"index not a number", ProofHeader + "\nindex one\n\ncp", "bad index"},
		{"index overflow", ProofHeader + "\nindex 9223372036854775808\n\ncp", "bad index"},
		{"index without space", ProofHeader + "\nindex\n\ncp", "missing index"},
		{"short hash", ProofHeader + "\nindex 1\n" + base64.StdEncoding.EncodeToString(make([]byte, 31)) + "\n\ncp", "proof hash 0"},
		{"bad hash", ProofHeader + "\nindex 1\n" + h + "\n***\n\ncp", "proof hash 1"},
		{"too many hashes", ProofHeader + "\nindex 1\n" + strings.Repeat(h+"\n", 65) + "\ncp", "at most 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseProof([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseProof(%q) = %+v, want an error", tt.in, p)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseProof(%q): %q does not mention %q", tt.in, err, tt.wantErr)
			}
		})
	}
	// 64 hashes are allowed.
	if _, err := ParseProof([]byte(ProofHeader + "\nindex 1\n" + strings.Repeat(h+"\n", 64) + "\ncp")); err != nil {
		t.Fatalf("64 hashes: %v", err)
	}
}
