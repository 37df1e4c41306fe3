package api

import (
	"encoding/json"
	"slices"
	"testing"

	"truce/internal/alerts"
)

// TestOpenAPIAlertKindsAreTheModels keeps the alert kind filter of
// GET /api/v1/alerts the list of kinds the node raises: a kind added to
// alerts.Kinds and not to openapi.json would be refused by generated
// clients that check enums.
func TestOpenAPIAlertKindsAreTheModels(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var documented []string
	for _, p := range doc.Paths["/api/v1/alerts"]["get"].Parameters {
		if p.Name == "kind" {
			documented = p.Schema.Enum
		}
	}
	var want []string
	for _, k := range alerts.Kinds {
		want = append(want, string(k))
	}
	slices.Sort(documented)
	slices.Sort(want)
	if !slices.Equal(documented, want) {
		t.Fatalf("the kind parameter of GET /api/v1/alerts lists %v; the node raises %v: update its enum in openapi.json", documented, want)
	}
}
