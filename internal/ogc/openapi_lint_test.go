package ogc_test

import (
	"os"
	"path/filepath"
	"testing"

	"truce/internal/oaslint"
)

// TestOpenAPIPassesRedoclyLint lints the /ogc API document a real node
// serves (every collection registered) with Redocly CLI and the
// recommended rules (.redocly.yaml): no error, no warning. Among them,
// security-defined and no-unused-components: the document declares the
// bearer scheme because its operations take it.
func TestOpenAPIPassesRedoclyLint(t *testing.T) {
	n := newNode(t)
	code, body, _ := n.do("GET", "/ogc/api", "", nil)
	if code != 200 {
		t.Fatalf("GET /ogc/api: %d %s", code, body)
	}
	file := filepath.Join(t.TempDir(), "ogc-openapi.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	oaslint.Lint(t, file)
}
