package window

import (
	"go/build"
	"slices"
	"testing"
)

// TestImportsPure checks that the index stays pure: no SQL driver, no
// store, no I/O of its own; loading it is the store's business.
func TestImportsPure(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatalf("read the package's imports: %v", err)
	}
	for _, banned := range []string{"database/sql", "truce/internal/store", "truce/internal/ledger", "os", "net", "log/slog"} {
		if slices.Contains(pkg.Imports, banned) {
			t.Errorf("window imports %s", banned)
		}
	}
}
