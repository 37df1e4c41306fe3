package incidents

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/fault"
)

// storedFiles counts the files under dir.
func storedFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEvidenceStore(t *testing.T) {
	dir := t.TempDir()
	const limit = 1000
	s, err := NewEvidenceStore(dir, limit)
	if err != nil {
		t.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, limit-8)...) // exactly the limit
	ev, err := s.Put(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(png)
	if ev.SHA256 != hex.EncodeToString(sum[:]) || ev.MediaType != "image/png" || ev.Size != limit {
		t.Fatalf("Put = %+v", ev)
	}
	stored := storedFiles(t, dir)

	// Refusals store nothing.
	var big *TooLargeError
	if _, err := s.Put(bytes.NewReader(append(png, 0))); !errors.As(err, &big) || big.Limit != limit {
		t.Errorf("one byte over the limit: %v, want a *TooLargeError", err)
	}
	var inv *fault.InvalidError
	for name, body := range map[string]string{"empty": "", "html": "<html><script>x</script></html>", "exe": "MZ\x90\x00\x03\x00\x00\x00\x04"} {
		if _, err := s.Put(strings.NewReader(body)); !errors.As(err, &inv) || inv.Field != "body" {
			t.Errorf("%s: %v, want an invalid body", name, err)
		}
	}
	if n := storedFiles(t, dir); n != stored {
		t.Errorf("%d files after refusals, want %d", n, stored)
	}

	// Open checks the content against its name.
	b, err := s.Open(ev.SHA256)
	if err != nil || !bytes.Equal(b, png) {
		t.Fatalf("Open: %v", err)
	}
	if err := os.WriteFile(s.path(ev.SHA256), append(png[:len(png)-1], 8), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ev.SHA256); err == nil || !strings.Contains(err.Error(), "altered") {
		t.Errorf("Open of an altered file: %v, want an error saying so", err)
	}
	if _, err := s.Open(strings.Repeat("0", 64)); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("Open of an unknown hash: %v", err)
	}
}

// TestEvidencePutCompletesAnInterruptedStore checks that a store cut short
// between the content and its description (a full disk, a crash) is
// completed by the next upload of the same file, instead of leaving content
// that Stat never finds.
func TestEvidencePutCompletesAnInterruptedStore(t *testing.T) {
	dir := t.TempDir()
	s, err := NewEvidenceStore(dir, 1000)
	if err != nil {
		t.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{9}, 100)...)
	ev, err := s.Put(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(s.path(ev.SHA256) + ".json"); err != nil { // as if the description was never written
		t.Fatal(err)
	}
	if _, ok := s.Stat(ev.SHA256); ok {
		t.Fatal("Stat found evidence without its description")
	}
	if _, err := s.Put(bytes.NewReader(png)); err != nil {
		t.Fatal(err)
	}
	if got, ok := s.Stat(ev.SHA256); !ok || got != ev {
		t.Fatalf("after a second upload Stat = %+v, %v; want %+v, true", got, ok, ev)
	}
	if n := storedFiles(t, dir); n != 2 {
		t.Fatalf("%d files stored, want the content and its description", n)
	}
}
