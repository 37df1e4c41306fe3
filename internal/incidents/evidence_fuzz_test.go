package incidents

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"testing"

	"truce/internal/fault"
)

// FuzzEvidencePut feeds arbitrary uploads to the evidence store: each is
// refused as invalid or too large, or stored under its SHA-256 with an
// accepted media type and found again by Stat. Seeds are in
// testdata/fuzz/FuzzEvidencePut.
func FuzzEvidencePut(f *testing.F) {
	for _, s := range []string{"%PDF-1.7\n", "\x89PNG\r\n\x1a\n", "plain report text", "", "MZ\x90\x00", "\xff\xd8\xff\xe0"} {
		f.Add([]byte(s))
	}
	st, err := NewEvidenceStore(f.TempDir(), 4096)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := st.Put(bytes.NewReader(data))
		var inv *fault.InvalidError
		var big *TooLargeError
		switch {
		case errors.As(err, &inv) || errors.As(err, &big):
			return
		case err != nil:
			t.Fatalf("Put: %v", err)
		}
		sum := sha256.Sum256(data)
		if ev.SHA256 != hex.EncodeToString(sum[:]) || ev.Size != int64(len(data)) || !slices.Contains(EvidenceTypes, ev.MediaType) {
			t.Fatalf("stored %+v for %d bytes", ev, len(data))
		}
		if got, ok := st.Stat(ev.SHA256); !ok || got != ev {
			t.Fatalf("Stat(%s) = %+v, %v", ev.SHA256, got, ok)
		}
	})
}
