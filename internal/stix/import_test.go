package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/stix/stixtest"
)

// TestImportReadsBackWhatExportWrote is the unit round trip: every field
// STIX carries comes back as the report that was exported.
func TestImportReadsBackWhatExportWrote(t *testing.T) {
	b, err := ReadBundle(bytes.NewReader(exportFixtures(t)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	im, err := Incidents(b)
	if err != nil {
		t.Fatal(err)
	}
	fs := fixtures()
	if len(im.Rows) != len(fs) {
		t.Fatalf("%d rows, want %d", len(im.Rows), len(fs))
	}
	for k, want := range fs {
		got := im.Rows[k].Incident
		if got.ExternalID != IncidentID(&want) || im.Object(k+1) != got.ExternalID {
			t.Errorf("row %d external id %q, want the STIX id %q", k+1, got.ExternalID, IncidentID(&want))
		}
		if got.Category != want.Category || got.Time != want.Time || got.LocationPrecision != want.LocationPrecision ||
			got.PlaceName != want.PlaceName || got.Perpetrator != want.Perpetrator || got.Narrative != want.Narrative {
			t.Errorf("row %d: got %+v, want %+v", k+1, got, want.Report)
		}
		if !slices.Equal(got.Casualties, want.Casualties) || !slices.Equal(got.Sources, want.Sources) {
			t.Errorf("row %d: casualties %v sources %v, want %v %v", k+1, got.Casualties, got.Sources, want.Casualties, want.Sources)
		}
		if got.Releasability == nil || got.Releasability.TLP != want.Release.TLP || !slices.Equal(got.Releasability.Audience, want.Release.Audience) {
			t.Errorf("row %d releasability %+v, want %+v", k+1, got.Releasability, want.Release)
		}
		var gl, wl any
		_ = json.Unmarshal(got.Location, &gl)
		_ = json.Unmarshal(want.Location, &wl)
		if !jsonEqual(gl, wl) {
			t.Errorf("row %d location %s, want %s", k+1, got.Location, want.Location)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

const (
	incA  = "incident--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a01"
	locA  = "location--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a02"
	relA  = "relationship--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a03"
	noteA = "note--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a04"
)

// foreign builds a bundle as another STIX producer would: no truce
// extension; marks are the incident's object_marking_refs.
func foreign(marks string, extra ...string) string {
	objs := []string{
		`{"type":"incident","spec_version":"2.1","id":"` + incA + `","created":"2016-07-20T08:15:00.000Z","modified":"2016-07-20T08:15:00.000Z","name":"Clash reported","description":"Exchange of fire near the crossing."` + marks + `}`,
		`{"type":"location","spec_version":"2.1","id":"` + locA + `","created":"2016-07-20T08:15:00.000Z","modified":"2016-07-20T08:15:00.000Z","latitude":35.9,"longitude":36.6,"precision":4000}`,
		`{"type":"relationship","spec_version":"2.1","id":"` + relA + `","created":"2016-07-20T08:15:00.000Z","modified":"2016-07-20T08:15:00.000Z","relationship_type":"located-at","source_ref":"` + incA + `","target_ref":"` + locA + `"}`,
		`{"type":"note","spec_version":"2.1","id":"` + noteA + `","created":"2016-07-20T08:15:00.000Z","modified":"2016-07-20T08:15:00.000Z","abstract":"Radio intercept","content":"Heard on channel 4.","object_refs":["` + incA + `"]}`,
	}
	objs = append(objs, extra...)
	return `{"type":"bundle","id":"bundle--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a00","objects":[` + strings.Join(objs, ",") + `]}`
}

func TestImportOfAForeignBundle(t *testing.T) {
	raw := foreign(`,"object_marking_refs":["` + tlp2IDs[access.TLPGreen] + `"]`)
	if _, errs := stixtest.Bundle([]byte(raw)); len(errs) > 0 {
		t.Fatalf("the test bundle itself is not valid STIX: %v", errs)
	}
	b, err := ReadBundle(strings.NewReader(raw), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	im, err := Incidents(b)
	if err != nil {
		t.Fatal(err)
	}
	n := im.Rows[0].Incident
	if n.Category != "other" || n.Time.Start != "2016-07-20T08:15:00Z" || n.Time.Precision != "day" {
		t.Errorf("category %s time %+v; want other, the created time, day", n.Category, n.Time)
	}
	if n.LocationPrecision != "5km" || string(n.Location) != `{"coordinates":[36.6,35.9],"type":"Point"}` {
		t.Errorf("location %s (%s)", n.Location, n.LocationPrecision)
	}
	if len(n.Sources) != 1 || n.Sources[0].Name != "Radio intercept" || n.Sources[0].Reliability != "F" || n.Sources[0].Credibility != 6 {
		t.Errorf("sources %+v; want the note rated F6", n.Sources)
	}
	if n.Releasability.TLP != access.TLPGreen {
		t.Errorf("releasability %+v", n.Releasability)
	}
}

// TestBadBundlesAreRefusedNamingTheObject: every refusal names the object
// and the property, and nothing is returned to write.
func TestBadBundlesAreRefusedNamingTheObject(t *testing.T) {
	green := `,"object_marking_refs":["` + tlp2IDs[access.TLPGreen] + `"]`
	cases := []struct {
		name, raw, object, field, reason string
	}{
		{"not json", `{"type":"bundle",`, "bundle", "", "truncated"},
		{"not a bundle", `{"type":"report","id":"bundle--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a00","objects":[]}`, "bundle", "type", "bundle"},
		{"bad bundle id", `{"type":"bundle","id":"bundle--x","objects":[]}`, "bundle", "id", "not a bundle id"},
		{"trailing data", foreign(green) + `{}`, "bundle", "", "after the JSON value"},
		{"duplicate bundle member", `{"type":"bundle","type":"report","id":"bundle--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a00","objects":[]}`, "bundle", "type", "duplicate member name"},
		{"unknown bundle member", `{"type":"bundle","ID":"bundle--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a00","objects":[]}`, "bundle", "ID", "unknown member"},
		{"duplicate object property", strings.Replace(foreign(green), `"spec_version":"2.1","id":"`+locA, `"spec_version":"2.1","spec_version":"2.0","id":"`+locA, 1), "bundle", "objects/1/spec_version", "duplicate member name"},
		{"property in upper case", strings.Replace(foreign(green), `"type":"note"`, `"TYPE":"note"`, 1), noteA, "type", "does not match"},
		{"lone surrogate", strings.Replace(foreign(green), `"type":"note"`, `"type":"note","x_label":"\ud800"`, 1), "bundle", "objects/3/x_label", "lone UTF-16 surrogate"},
		{"bad object id", strings.Replace(foreign(green), locA, "location--nope", 1), "objects[1]", "id", "not a STIX id"},
		{"type mismatch", strings.Replace(foreign(green), `"type":"note"`, `"type":"opinion"`, 1), noteA, "type", "does not match"},
		{"spec version", strings.Replace(foreign(green), `"spec_version":"2.1","id":"`+locA, `"spec_version":"2.0","id":"`+locA, 1), locA, "spec_version", "not 2.1"},
		{"no marking", foreign(""), incA, "object_marking_refs", "no TLP marking"},
		{"unknown marking", foreign(`,"object_marking_refs":["marking-definition--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a09"]`), incA, "object_marking_refs", "no TLP marking"},
		{"two labels", foreign(`,"object_marking_refs":["` + tlp2IDs[access.TLPGreen] + `","` + tlp2IDs[access.TLPRed] + `"]`), incA, "object_marking_refs", "2 different"},
		{"no location", strings.Replace(foreign(green), `"relationship_type":"located-at"`, `"relationship_type":"related-to"`, 1), incA, "location", "no location"},
		{"location elsewhere", strings.Replace(foreign(green), `"target_ref":"`+locA, `"target_ref":"location--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a0f`, 1), incA, "location", "not a location object"},
		{"region only", strings.Replace(foreign(green), `"latitude":35.9,"longitude":36.6,"precision":4000`, `"region":"western-asia"`, 1), incA, "location", "no latitude"},
		{"no incidents", `{"type":"bundle","id":"bundle--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a00","objects":[]}`, "bundle", "objects", "no incident"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := ReadBundle(strings.NewReader(c.raw), DefaultLimits)
			var im *Import
			if err == nil {
				im, err = Incidents(b)
			}
			var be *BundleError
			if !errors.As(err, &be) {
				t.Fatalf("err = %v (import %v), want a *BundleError", err, im)
			}
			e := be.Errors[0]
			if e.Object != c.object || e.Field != c.field || !strings.Contains(e.Reason, c.reason) {
				t.Errorf("error %+v, want object %q field %q reason containing %q", e, c.object, c.field, c.reason)
			}
		})
	}
}

func TestReadBundleLimits(t *testing.T) {
	raw := foreign(`,"object_marking_refs":["` + tlp2IDs[access.TLPGreen] + `"]`)
	_, err := ReadBundle(strings.NewReader(raw), Limits{MaxBytes: 100, MaxObjects: 10})
	var big *TooLargeError
	if !errors.As(err, &big) {
		t.Errorf("over MaxBytes: err = %v, want *TooLargeError", err)
	}
	_, err = ReadBundle(strings.NewReader(raw), Limits{MaxBytes: 1 << 20, MaxObjects: 2})
	var be *BundleError
	if !errors.As(err, &be) || be.Errors[0].Field != "objects" {
		t.Errorf("over MaxObjects: err = %v", err)
	}
}

// TestLatestVersionWins: a bundle may hold several versions of an object;
// the latest (by modified) counts.
func TestLatestVersionWins(t *testing.T) {
	green := `,"object_marking_refs":["` + tlp2IDs[access.TLPGreen] + `"]`
	newer := strings.Replace(strings.Replace(foreign(green), `"2016-07-20T08:15:00.000Z","name"`, `"2016-07-21T08:15:00.000Z","name"`, 1),
		"Exchange of fire", "Revised: exchange of fire", 1)
	var top struct {
		Objects []json.RawMessage `json:"objects"`
	}
	_ = json.Unmarshal([]byte(newer), &top)
	raw := foreign(green, string(top.Objects[0]))
	b, err := ReadBundle(strings.NewReader(raw), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	im, err := Incidents(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Rows) != 1 || !strings.HasPrefix(im.Rows[0].Incident.Narrative, "Revised") {
		t.Fatalf("rows %+v; want the one, latest version", im.Rows)
	}
}

// TestSchemaValidatorRejectsBadObjects keeps the conformance test honest.
func TestSchemaValidatorRejectsBadObjects(t *testing.T) {
	bad := []string{
		`{"type":"incident","spec_version":"2.1","id":"` + incA + `","created":"2016-07-20T08:15:00Z","modified":"2016-07-20T08:15:00.000Z","name":"x"}`,
		`{"type":"incident","spec_version":"2.1","id":"` + incA + `","created":"2016-07-20T08:15:00.000Z","modified":"2016-07-20T08:15:00.000Z"}`,
		`{"type":"location","spec_version":"2.1","id":"` + locA + `","created":"2016-07-20T08:15:00.000Z","modified":"2016-07-20T08:15:00.000Z","latitude":1,"precision":4}`,
		`{"type":"note","spec_version":"2.1","id":"` + noteA + `","created":"2016-07-20T08:15:00.000Z","modified":"2016-07-20T08:15:00.000Z","content":"x","object_refs":[]}`,
	}
	for _, raw := range bad {
		if err := stixtest.Object([]byte(raw)); err == nil {
			t.Errorf("schema accepted %s", raw)
		}
	}
}
