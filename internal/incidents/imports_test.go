package incidents

import (
	"go/build"
	"slices"
	"testing"
)

// TestImportsNoSiblingDomain checks that incidents depends on no other
// domain package: shared helpers (such as the conversion of geometry errors)
// live in geo or access, so that a domain is read, built and tested alone.
func TestImportsNoSiblingDomain(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatalf("read the package's imports: %v", err)
	}
	for _, sibling := range []string{"truce/internal/zones", "truce/internal/notify", "truce/internal/alerts",
		"truce/internal/flights", "truce/internal/hotline"} {
		if slices.Contains(pkg.Imports, sibling) {
			t.Errorf("incidents imports %s", sibling)
		}
	}
}
