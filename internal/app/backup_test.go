package app

import (
	"bytes"
	"context"
	"testing"
)

// TestExtractBackupRefusesADamagedArchive flips bytes where the tar reader
// never looks (the gzip trailer's CRC-32 and length) and in the middle:
// each damaged copy is refused, and the intact one extracts.
func TestExtractBackupRefusesADamagedArchive(t *testing.T) {
	n := newTestNode(t)
	var buf bytes.Buffer
	if _, err := Backup(context.Background(), n.dir, &buf, nil); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if _, err := ExtractBackup(bytes.NewReader(good), t.TempDir()); err != nil {
		t.Fatalf("intact backup: %v", err)
	}
	for _, at := range []int{len(good) - 1, len(good) - 5, len(good) - 8, len(good) / 2} {
		bad := bytes.Clone(good)
		bad[at] ^= 0xff
		if _, err := ExtractBackup(bytes.NewReader(bad), t.TempDir()); err == nil {
			t.Errorf("a backup with byte %d of %d altered was extracted", at, len(good))
		}
	}
}
