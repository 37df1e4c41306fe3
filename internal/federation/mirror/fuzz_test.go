package mirror

import (
	"bytes"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// FuzzDecodeEntries checks that an entries response, whatever it holds,
// is either refused or framed into non-empty lines that rebuild it, and
// that checking each line as content neither panics nor passes bytes that
// do not hash to the commitment. Seeds are in testdata/fuzz.
func FuzzDecodeEntries(f *testing.F) {
	f.Add([]byte("{\"seq\":0}\n"))
	f.Add([]byte(""))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		lines, err := DecodeEntries(body)
		if err != nil {
			return
		}
		if len(lines) > MaxRange {
			t.Fatalf("%d lines accepted", len(lines))
		}
		var again []byte
		for _, l := range lines {
			if len(l) == 0 || bytes.IndexByte(l, '\n') >= 0 {
				t.Fatalf("line %q", l)
			}
			again = append(append(again, l...), '\n')
			var c tlog.Hash // the zero commitment matches no content
			if contentProblem(l, peekSeq(l), c, Peer{Party: "us"}, []string{"ru"}) == "" {
				t.Fatalf("content %q accepted for the zero commitment", l)
			}
		}
		if !bytes.Equal(again, body) {
			t.Fatalf("lines do not rebuild the body")
		}
	})
}

// FuzzDecodeCommitments checks that a commitments response is accepted
// only with exactly the commitments asked for, which rebuild it.
func FuzzDecodeCommitments(f *testing.F) {
	f.Add(make([]byte, 64), int64(2))
	f.Add([]byte("short"), int64(1))
	f.Fuzz(func(t *testing.T, body []byte, n int64) {
		hs, err := DecodeCommitments(body, n)
		if err != nil {
			return
		}
		if int64(len(hs)) != n || !bytes.Equal(joinHashes(hs), body) {
			t.Fatalf("%d commitments for n=%d from %d bytes", len(hs), n, len(body))
		}
	})
}

// FuzzPeekSeq checks that any bytes give a seq or -1, without panicking.
func FuzzPeekSeq(f *testing.F) {
	f.Add([]byte(`{"seq":12}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if s := peekSeq(b); s < -1 {
			t.Logf("seq %d from %q", s, b)
		}
	})
}
