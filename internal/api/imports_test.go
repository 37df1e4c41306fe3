package api

import (
	"go/build"
	"slices"
	"testing"
)

// TestImportsNoStore checks that the API's code (tests aside) does not
// import the store: it depends on the Database interface it declares, and
// internal/app passes the store in.
func TestImportsNoStore(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatalf("read the package's imports: %v", err)
	}
	if slices.Contains(pkg.Imports, "truce/internal/store") {
		t.Error("api imports truce/internal/store; declare what it needs in database.go instead")
	}
}
