package api

import (
	"testing"

	"truce/internal/oaslint"
)

// TestOpenAPIPassesRedoclyLint lints openapi.json with Redocly CLI and the
// recommended rules (.redocly.yaml): no error, no warning.
func TestOpenAPIPassesRedoclyLint(t *testing.T) {
	oaslint.Lint(t, "openapi.json")
}
