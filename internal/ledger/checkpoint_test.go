package ledger

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var testRoot = tlog.Hash{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}

// TestCheckpointRoundTrip checks that Body and ParseCheckpoint invert each
// other and that extension lines are ignored.
func TestCheckpointRoundTrip(t *testing.T) {
	for _, c := range []Checkpoint{
		{Origin: "truce.example/node", Tree: tlog.Tree{N: 0}},
		{Origin: "truce.example/node", Tree: tlog.Tree{N: 1, Hash: testRoot}},
		{Origin: "o", Tree: tlog.Tree{N: 1<<63 - 1, Hash: testRoot}},
		{Origin: "example.com/log with spaces", Tree: tlog.Tree{N: 1234567, Hash: testRoot}},
	} {
		body := c.Body()
		if strings.Count(body, "\n") != 3 || !strings.HasSuffix(body, "\n") {
			t.Fatalf("Body() = %q: want three lines", body)
		}
		got, err := ParseCheckpoint(body)
		if err != nil {
			t.Fatalf("ParseCheckpoint(%q): %v", body, err)
		}
		if got != c {
			t.Fatalf("round trip: got %+v, want %+v", got, c)
		}
		got, err = ParseCheckpoint(body + "extension line\nanother\n")
		if err != nil || got != c {
			t.Fatalf("with extension lines: %+v, %v", got, err)
		}
	}
}

// TestParseCheckpointRejects checks the checkpoint syntax errors.
func TestParseCheckpointRejects(t *testing.T) {
	root := base64.StdEncoding.EncodeToString(testRoot[:])
	tests := []struct {
		name, in, wantErr string
	}{
		{"empty", "", "each on its own line"},
		{"two lines", "origin\n5\n", "each on its own line"},
		{"no final newline", "origin\n5\n" + root, "each on its own line"},
		{"extension without final newline", "origin\n5\n" + root + "\next", "each on its own line"},
		{"empty origin", "\n5\n" + root + "\n", "empty origin"},
		{"empty size", "origin\n\n" + root + "\n", "bad tree size"},
		{"negative size", "origin\n-1\n" + root + "\n", "bad tree size"},
		{"minus zero size", "origin\n-0\n" + root + "\n", "bad tree size"},
		{"plus sign", "origin\n+5\n" + root + "\n", "bad tree size"},
		{"leading zero", "origin\n05\n" + root + "\n", "bad tree size"},
		{"size with space", "origin\n5 \n" + root + "\n", "bad tree size"},
		{"hex size", "origin\n0x5\n" + root + "\n", "bad tree size"},
		{"size overflow", "origin\n9223372036854775808\n" + root + "\n", "bad tree size"},
		{"root not base64", "origin\n5\nnot base64!\n", "bad root hash"},
		{"root too short", "origin\n5\n" + base64.StdEncoding.EncodeToString(testRoot[:31]) + "\n", "bad root hash"},
		{"root too long", "origin\n5\n" + base64.StdEncoding.EncodeToString(append(testRoot[:], 0)) + "\n", "bad root hash"},
		{"root url-safe base64", "origin\n5\n" + base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xff}, 32)) + "\n", "bad root hash"},
		{"root unpadded", "origin\n5\n" + base64.RawStdEncoding.EncodeToString(testRoot[:]) + "\n", "bad root hash"},
		{"empty root", "origin\n5\n\n", "bad root hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCheckpoint(tt.in)
			if err == nil {
				t.Fatalf("ParseCheckpoint(%q) = %+v, want an error", tt.in, c)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseCheckpoint(%q): %q does not mention %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

// TestSignOpenCheckpoint checks that a signed checkpoint opens with the
// log's key only, keeps cosignatures as unverified signatures, and that its
// origin must be the key's name.
func TestSignOpenCheckpoint(t *testing.T) {
	skey, vkey, err := note.GenerateKey(rand.Reader, "truce.example/node")
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	verifier, _ := note.NewVerifier(vkey)
	wskey, _, _ := note.GenerateKey(rand.Reader, "witness.example/w1")
	wsigner, _ := note.NewSigner(wskey)

	cp := Checkpoint{Origin: "truce.example/node", Tree: tlog.Tree{N: 10, Hash: testRoot}}
	msg, err := SignCheckpoint(cp, signer)
	if err != nil {
		t.Fatal(err)
	}
	// A witness cosignature, appended as a signature line.
	wmsg, err := note.Sign(&note.Note{Text: cp.Body()}, wsigner)
	if err != nil {
		t.Fatal(err)
	}
	_, wline, _ := bytes.Cut(wmsg, []byte("\n\n"))
	full := AppendSignatures(msg, [][]byte{bytes.TrimSuffix(wline, []byte("\n"))})
	if !bytes.HasSuffix(full, wline) || !bytes.HasPrefix(full, msg) {
		t.Fatalf("AppendSignatures: %q", full)
	}
	got, n, err := OpenCheckpoint(full, verifier)
	if err != nil {
		t.Fatal(err)
	}
	if got != cp || len(n.Sigs) != 1 || len(n.UnverifiedSigs) != 1 || n.UnverifiedSigs[0].Name != "witness.example/w1" {
		t.Fatalf("OpenCheckpoint: %+v, sigs %v, unverified %v", got, n.Sigs, n.UnverifiedSigs)
	}

	// Tampered text.
	bad := bytes.Replace(msg, []byte("\n10\n"), []byte("\n11\n"), 1)
	if _, _, err := OpenCheckpoint(bad, verifier); err == nil {
		t.Fatal("tampered checkpoint opened")
	}
	// Signed only by another key.
	if _, _, err := OpenCheckpoint(wmsg, verifier); err == nil {
		t.Fatal("checkpoint signed by a witness only opened with the log key")
	}
	// Signed by the log key, but for another origin.
	other, err := SignCheckpoint(Checkpoint{Origin: "other.example/log", Tree: cp.Tree}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenCheckpoint(other, verifier); err == nil || !strings.Contains(err.Error(), "does not match the log key") {
		t.Fatalf("checkpoint for another origin: %v", err)
	}
}
