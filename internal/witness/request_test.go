package witness

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

func TestParseAddCheckpoint(t *testing.T) {
	h1, h2 := tlog.Hash{1}, tlog.Hash{2}
	note := "o\n1\n" + tlog.Hash{}.String() + "\n\n— o AAAAAAA=\n"
	tests := []struct {
		name  string
		body  string
		old   int64
		proof tlog.TreeProof
		ok    bool
	}{
		{"no proof", "old 0\n\n" + note, 0, nil, true},
		{"two proof lines", "old 7\n" + h1.String() + "\n" + h2.String() + "\n\n" + note, 7, tlog.TreeProof{h1, h2}, true},
		{"max int64", "old 9223372036854775807\n\n" + note, 1<<63 - 1, nil, true},
		{"overflow", "old 9223372036854775808\n\n" + note, 0, nil, false},
		{"leading zero", "old 07\n\n" + note, 0, nil, false},
		{"plus sign", "old +7\n\n" + note, 0, nil, false},
		{"negative", "old -7\n\n" + note, 0, nil, false},
		{"two spaces", "old  7\n\n" + note, 0, nil, false},
		{"trailing space", "old 7 \n\n" + note, 0, nil, false},
		{"capitalised", "Old 7\n\n" + note, 0, nil, false},
		{"no blank line", "old 7\n" + note, 0, nil, false},
		{"nothing after blank line", "old 7\n\n", 0, nil, false},
		{"short hash", "old 7\nAAAA\n\n" + note, 0, nil, false},
		{"CRLF", "old 7\r\n\r\n" + note, 0, nil, false},
		{"empty", "", 0, nil, false},
		{"64 lines", string(FormatAddCheckpoint(7, make(tlog.TreeProof, 64), []byte(note))), 0, nil, false},
		{"63 lines", string(FormatAddCheckpoint(7, make(tlog.TreeProof, 63), []byte(note))), 7, make(tlog.TreeProof, 63), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseAddCheckpoint([]byte(tt.body))
			if !tt.ok {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.OldSize != tt.old || fmt.Sprint(r.Proof) != fmt.Sprint(tt.proof) || string(r.Checkpoint) != note {
				t.Fatalf("got %+v", r)
			}
			if got := FormatAddCheckpoint(r.OldSize, r.Proof, r.Checkpoint); string(got) != tt.body {
				t.Errorf("Format(Parse(body)) = %q, want %q", got, tt.body)
			}
		})
	}
}

// FuzzParseAddCheckpoint checks that the parser never panics, that what it
// accepts satisfies the protocol's limits, and that formatting a parsed
// request and parsing it again gives the same request.
func FuzzParseAddCheckpoint(f *testing.F) {
	f.Add([]byte("old 0\n\no\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— o AAAAAAA=\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := ParseAddCheckpoint(body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if r.OldSize < 0 || len(r.Proof) > MaxProofLines || len(r.Checkpoint) == 0 {
			t.Fatalf("accepted %+v", r)
		}
		again, err := ParseAddCheckpoint(FormatAddCheckpoint(r.OldSize, r.Proof, r.Checkpoint))
		if err != nil {
			t.Fatalf("reparse: %v", err)
		}
		if again.OldSize != r.OldSize || fmt.Sprint(again.Proof) != fmt.Sprint(r.Proof) || !bytes.Equal(again.Checkpoint, r.Checkpoint) {
			t.Fatalf("round trip changed %+v into %+v", r, again)
		}
	})
}

func TestParseCheckpointBody(t *testing.T) {
	root := tlog.Hash{7}.String()
	for _, tc := range []struct {
		text string
		ok   bool
	}{
		{"o\n5\n" + root + "\n", true},
		{"o\n5\n" + root + "\next\n", true},
		{"\n5\n" + root + "\n", false},
		{"o\n05\n" + root + "\n", false},
		{"o\n5\n" + root, false},
		{"o\n5\nAAAA\n", false},
		{"o\n5\n" + root + "\n\n", false},
	} {
		cp, err := ParseCheckpointBody(tc.text)
		if (err == nil) != tc.ok {
			t.Errorf("ParseCheckpointBody(%q) = %+v, %v", tc.text, cp, err)
		}
		if err == nil && cp.Body() != tc.text {
			t.Errorf("Body() = %q, want %q", cp.Body(), tc.text)
		}
	}
}
