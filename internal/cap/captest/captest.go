// Package captest validates CAP 1.2 documents in tests: it runs xmllint
// (Debian's libxml2-utils; scripts/test installs it) against the OASIS
// CAP 1.2 schema copied, with its notice, into the repository's
// testdata/cap/.
package captest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Schema returns the path of the CAP 1.2 XML schema in the repository.
func Schema() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "cap", "CAP-v1.2.xsd")
}

// Validate fails t unless doc is a valid CAP 1.2 document. It fails t, not
// skips, when xmllint is missing: a test that validates nothing passes
// nothing.
func Validate(t testing.TB, doc []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is missing: apt-get install libxml2-utils (scripts/test installs it)")
	}
	file := filepath.Join(t.TempDir(), "alert.xml")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("xmllint", "--noout", "--schema", Schema(), file).CombinedOutput(); err != nil {
		t.Fatalf("not valid CAP 1.2: %v\n%s\n%s", err, msg, doc)
	}
}
