package stix

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/stix/stixtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func exportFixtures(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	ex, err := NewExporter(&buf, ID("bundle", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	fs := fixtures()
	for i := range fs {
		if err := ex.Incident(&fs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExportConformsToTheOASISSchemas validates every object of an export
// against the OASIS STIX 2.1 JSON schemas and counts what was written.
func TestExportConformsToTheOASISSchemas(t *testing.T) {
	counts, errs := stixtest.Bundle(exportFixtures(t))
	for _, err := range errs {
		t.Error(err)
	}
	want := map[string]int{"identity": 4, "extension-definition": 1, "marking-definition": 3, "incident": 2,
		"location": 2, "relationship": 2, "opinion": 2, "note": 2}
	for typ, n := range want {
		if counts[typ] != n {
			t.Errorf("%d %s objects, want %d (all: %v)", counts[typ], typ, n, counts)
		}
	}
}

// TestExportMatchesGolden pins the exact bundle: ids are UUIDv5 of truce
// ids, so a re-export is byte-identical. Run with -update to rewrite.
func TestExportMatchesGolden(t *testing.T) {
	got := exportFixtures(t)
	if again := exportFixtures(t); !bytes.Equal(got, again) {
		t.Fatal("two exports of the same incidents differ")
	}
	path := filepath.Join("testdata", "export.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("export differs from %s; run go test ./internal/stix -update if the change is intended", path)
	}
}

func TestExportMapping(t *testing.T) {
	var b struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(exportFixtures(t), &b); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, o := range b.Objects {
		byID[o["id"].(string)] = o
	}
	inc := byID[ID("incident", "inc_0001")]
	if inc == nil {
		t.Fatal("incident inc_0001 missing")
	}
	refs := inc["object_marking_refs"].([]any)
	if len(refs) != 2 || refs[0] != tlp2IDs["AMBER"] || !strings.HasPrefix(refs[1].(string), "marking-definition--") {
		t.Errorf("AMBER incident marked %v, want the TLP 2.0 AMBER marking and an audience statement", refs)
	}
	stmt := byID[refs[1].(string)]
	if stmt["definition_type"] != "statement" || !strings.Contains(stmt["definition"].(map[string]any)["statement"].(string), "ru, us") {
		t.Errorf("audience marking %v does not name ru, us", stmt)
	}
	if inc["created_by_ref"] != PartyIdentityID("us") {
		t.Errorf("incident created_by_ref %v, want the us identity", inc["created_by_ref"])
	}
	opinions := map[string]string{}
	for _, o := range b.Objects {
		if o["type"] == "opinion" {
			opinions[o["created_by_ref"].(string)] = o["opinion"].(string)
		}
	}
	if opinions[PartyIdentityID("us")] != "agree" || opinions[PartyIdentityID("ru")] != "disagree" {
		t.Errorf("opinions %v, want us agree and ru disagree", opinions)
	}
	area := byID[ID("incident", "inc_0002")]
	if refs := area["object_marking_refs"].([]any); len(refs) != 1 || refs[0] != tlp2IDs["CLEAR"] {
		t.Errorf("CLEAR incident marked %v", refs)
	}
	loc := byID[ID("location", ID("incident", "inc_0002"))]
	if p := loc["precision"].(float64); p < 10_000 {
		t.Errorf("area location precision %v m; want at least the area's half-diagonal (~12 km)", p)
	}
}

func TestOpinionOf(t *testing.T) {
	for v, want := range map[string]string{"confirmed": "agree", "rejected": "disagree", "needs_information": "neutral"} {
		if got := OpinionOf(verdict(v)); got != want {
			t.Errorf("OpinionOf(%s) = %s, want %s", v, got, want)
		}
	}
}
