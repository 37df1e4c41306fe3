// Package captest validates CAP 1.2 documents in tests: it runs xmllint
// (Debian's libxml2-utils; scripts/test installs it) against the OASIS
// CAP 1.2 schema copied, with its notice, into the repository's
// testdata/cap/.
package captest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
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

// capNamespace is CAP 1.2's XML namespace (cap.Namespace; not imported, so
// that package cap's own tests can use this package).
const capNamespace = "urn:oasis:names:tc:emergency:cap:1.2"

// SplitFeed returns the CAP alerts of a feed cap.EncodeFeed wrote, each as a
// standalone CAP 1.2 document (its alert element with its namespace), in
// the feed's order. It fails on a body that is not well-formed XML.
func SplitFeed(body []byte) ([][]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var out [][]byte
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("captest: split feed: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Space == capNamespace && se.Name.Local == "alert" {
			if err := dec.Skip(); err != nil {
				return nil, fmt.Errorf("captest: split feed: %w", err)
			}
			doc := append([]byte(xml.Header), body[start:dec.InputOffset()]...)
			out = append(out, append(doc, '\n'))
		}
	}
}
