package api_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"truce/internal/stix"
	"truce/internal/stix/stixtest"
)

// incidentSeeders are the users seed and the export tests use.
var incidentSeeders = []string{"us-reporter", "us-analyst", "ru-analyst", "us-observer", "ru-observer"}

// seed reports three incidents as us: an AMBER one for us only, a GREEN
// one with sources assessed by both co-chairs, and a CLEAR one (an area).
func seedIncidents(t *testing.T, n *importNode) (amber, green, clear incidentOut) {
	amber = n.report("us-reporter", map[string]any{"category": "air_strike", "time": map[string]string{"start": "2016-07-12T14:30:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{36.7, 36.2}}, "location_precision": "1km", "place_name": "Atarib",
		"narrative": "Sensitive: strike on a depot.", "releasability": map[string]any{"tlp": "AMBER", "audience": []string{"us"}}})
	green = n.report("us-reporter", map[string]any{"category": "shelling_missile", "time": map[string]string{"start": "2016-07-13T06:00:00Z", "end": "2016-07-13T07:00:00Z", "precision": "exact"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "5km",
		"perpetrator": map[string]string{"kind": "party", "party": "ru"},
		"casualties":  []map[string]any{{"outcome": "killed", "group": "civilian", "min": 1, "max": 3, "source": "clinic"}},
		"narrative":   "Shelling of a market.",
		"sources": []map[string]any{{"name": "Local monitor", "reliability": "B", "credibility": 2, "url": "https://example.org/1"},
			{"name": "Clinic", "reliability": "C", "credibility": 3, "note": "three admitted"}},
		"releasability": map[string]any{"tlp": "GREEN"}})
	seq := n.assess("us-analyst", green.ID, green.Seq, "confirmed")
	n.assess("ru-analyst", green.ID, seq, "rejected")
	clear = n.report("us-reporter", map[string]any{"category": "obstruction_of_humanitarian_access", "time": map[string]string{"start": "2016-07-14T00:00:00Z", "precision": "day"},
		"location":  map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{36, 36}, {36.2, 36}, {36.2, 36.1}, {36, 36.1}, {36, 36}}}},
		"narrative": "Convoy held at a checkpoint.", "releasability": map[string]any{"tlp": "CLEAR"}})
	return amber, green, clear
}

// exportSTIXAs fetches the STIX export as user and checks it against the
// OASIS schemas.
func exportSTIXAs(t *testing.T, n *importNode, user, query string) ([]byte, map[string]int) {
	t.Helper()
	code, body, h := n.do("GET", "/api/v1/exports/stix"+query, user, "", nil)
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/stix+json") {
		t.Fatalf("export as %q: %d %s %s", user, code, h.Get("Content-Type"), body)
	}
	counts, errs := stixtest.Bundle(body)
	for _, err := range errs {
		t.Errorf("export as %q: %v", user, err)
	}
	return body, counts
}

func TestSTIXExportIsValidAndReleasesOnlyWhatTheCallerMaySee(t *testing.T) {
	n := newImportNode(t, incidentSeeders...)
	amber, green, clear := seedIncidents(t, n)
	amberID, greenID, clearID := stix.ID("incident", amber.ID), stix.ID("incident", green.ID), stix.ID("incident", clear.ID)

	ru, counts := exportSTIXAs(t, n, "ru-observer", "")
	if bytes.Contains(ru, []byte(amberID)) || bytes.Contains(ru, []byte(amber.ID)) || bytes.Contains(ru, []byte("depot")) {
		t.Error("ru's export holds the AMBER incident released to us only")
	}
	if !bytes.Contains(ru, []byte(greenID)) || !bytes.Contains(ru, []byte(clearID)) {
		t.Error("ru's export lacks the GREEN or CLEAR incident")
	}
	if counts["incident"] != 2 || counts["opinion"] != 2 || counts["note"] != 2 || counts["location"] != 2 || counts["relationship"] != 2 {
		t.Errorf("ru's export holds %v", counts)
	}
	us, counts := exportSTIXAs(t, n, "us-observer", "")
	if counts["incident"] != 3 || !bytes.Contains(us, []byte(amberID)) || !bytes.Contains(us, []byte("Releasable only to the following parties of the truce centre: us.")) {
		t.Errorf("us's export: %v, or no audience statement for the AMBER incident", counts)
	}
	if again, _ := exportSTIXAs(t, n, "us-observer", ""); !bytes.Equal(us, again) {
		t.Error("two exports of an unchanged record differ")
	}
	public, counts := exportSTIXAs(t, n, "", "")
	if counts["incident"] != 1 || !bytes.Contains(public, []byte(clearID)) {
		t.Errorf("the public's export holds %v; want the CLEAR incident only", counts)
	}
	_, counts = exportSTIXAs(t, n, "us-observer", "?category=shelling_missile")
	if counts["incident"] != 1 {
		t.Errorf("filtered export holds %d incidents, want 1", counts["incident"])
	}
	code, body, h := n.do("GET", "/api/v1/exports/stix?from=yesterday", "us-observer", "", nil)
	if code != 400 || h.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), "RFC 3339") {
		t.Errorf("bad filter: %d %s", code, body)
	}
	// The same node refuses bad variants of its own export (as new
	// reports of us, they would otherwise be created).
	t.Run("import refusals", func(t *testing.T) { importRefusals(t, n, us) })
}

func TestSTIXRoundTripIntoASecondNode(t *testing.T) {
	a, b := newImportNode(t, incidentSeeders...), newImportNode(t, "us-reporter", "us-observer")
	amber, green, clear := seedIncidents(t, a)
	bundle, _ := exportSTIXAs(t, a, "us-observer", "")

	var rep struct {
		Created, Existing int
		Objects           []string
		IDs               []string `json:"ids"`
	}
	code, out, _ := b.do("POST", "/api/v1/stix/bundles", "us-reporter", "application/stix+json", bundle)
	if code != 200 || json.Unmarshal(out, &rep) != nil || rep.Created != 3 {
		t.Fatalf("import: %d %s", code, out)
	}
	code, out, _ = b.do("POST", "/api/v1/stix/bundles", "us-reporter", "application/stix+json", bundle)
	if code != 200 || json.Unmarshal(out, &rep) != nil || rep.Created != 0 || rep.Existing != 3 {
		t.Fatalf("re-import created something: %d %s", code, out)
	}
	var page struct{ Items []incidentOut }
	if err := json.Unmarshal(b.must(200, "GET", "/api/v1/incidents", "us-observer", nil), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 3 {
		t.Fatalf("node b holds %d incidents, want 3", len(page.Items))
	}
	byExt := map[string]incidentOut{}
	for _, in := range page.Items {
		byExt[in.ExternalID] = in
	}
	for _, want := range []incidentOut{amber, green, clear} {
		got, ok := byExt[stix.ID("incident", want.ID)]
		if !ok {
			t.Errorf("incident %s did not arrive", want.ID)
			continue
		}
		gotJSON := func(v any) string { return string(noErr(json.Marshal(v))) }
		for _, f := range []struct{ name, g, w string }{
			{"category", got.Category, want.Category}, {"time", gotJSON(got.Time), gotJSON(want.Time)},
			{"location", string(got.Location), string(want.Location)}, {"location_precision", got.LocPrec, want.LocPrec},
			{"place_name", got.PlaceName, want.PlaceName}, {"perpetrator", gotJSON(got.Perpetrator), gotJSON(want.Perpetrator)},
			{"casualties", gotJSON(got.Casualties), gotJSON(want.Casualties)}, {"narrative", got.Narrative, want.Narrative},
			{"sources", gotJSON(got.Sources), gotJSON(want.Sources)}, {"releasability", gotJSON(got.Release), gotJSON(want.Release)},
		} {
			if f.g != f.w {
				t.Errorf("incident %s %s: %s after the round trip, want %s", want.ID, f.name, f.g, f.w)
			}
		}
		if got.Party != "us" {
			t.Errorf("incident %s reported by %s on node b, want the importer's party us", want.ID, got.Party)
		}
	}
	// Node b exports the imported incidents under the same STIX ids.
	again, _ := exportSTIXAs(t, b, "us-observer", "")
	for _, want := range []incidentOut{amber, green, clear} {
		if !bytes.Contains(again, []byte(stix.ID("incident", want.ID))) {
			t.Errorf("node b re-exports %s under another id", want.ID)
		}
	}
}

// importRefusals posts bad variants of a valid bundle exported by node b
// (which holds the 3 seeded incidents) and checks that each is refused
// naming the object and that nothing is created.
func importRefusals(t *testing.T, b *importNode, bundle []byte) {
	count := func() int {
		var page struct{ Items []incidentOut }
		_ = json.Unmarshal(b.must(200, "GET", "/api/v1/incidents", "us-observer", nil), &page)
		return len(page.Items)
	}
	var doc map[string]any
	_ = json.Unmarshal(bundle, &doc)
	objects := doc["objects"].([]any)
	var firstIncident, lastIncident map[string]any
	for _, o := range objects {
		if m := o.(map[string]any); m["type"] == "incident" {
			if firstIncident == nil {
				firstIncident = m
			}
			lastIncident = m
		}
	}
	lastIncident["extensions"].(map[string]any)[stix.ExtensionID].(map[string]any)["category"] = "bombardment"
	delete(firstIncident, "object_marking_refs")
	bad := noErr(json.Marshal(doc))

	code, out, h := b.do("POST", "/api/v1/stix/bundles", "us-reporter", "application/stix+json", bad)
	var p struct {
		Type   string
		Errors []struct{ Field, Reason string }
	}
	if code != 422 || h.Get("Content-Type") != "application/problem+json" || json.Unmarshal(out, &p) != nil {
		t.Fatalf("bundle without a marking: %d %s", code, out)
	}
	if !strings.HasSuffix(p.Type, "/invalid-bundle") || len(p.Errors) != 1 || p.Errors[0].Field != firstIncident["id"].(string)+" object_marking_refs" {
		t.Errorf("problem %+v; want the unmarked incident named", p)
	}
	firstIncident["object_marking_refs"] = []string{"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"}
	code, out, _ = b.do("POST", "/api/v1/stix/bundles", "us-reporter", "application/stix+json", noErr(json.Marshal(doc)))
	p.Errors = nil
	if code != 422 || json.Unmarshal(out, &p) != nil || len(p.Errors) != 1 ||
		p.Errors[0].Field != lastIncident["id"].(string)+" extensions."+stix.ExtensionID+".category" || !strings.Contains(p.Errors[0].Reason, "bombardment") {
		t.Errorf("bad category: %d %s", code, out)
	}
	for _, c := range []struct {
		name, user, body string
		code             int
	}{
		{"observer", "us-observer", string(bundle), 403},
		{"not json", "us-reporter", "<kml/>", 422},
		{"not a bundle", "us-reporter", `{"type":"incident"}`, 422},
	} {
		if code, out, _ := b.do("POST", "/api/v1/stix/bundles", c.user, "application/stix+json", []byte(c.body)); code != c.code {
			t.Errorf("%s: %d %s, want %d", c.name, code, out, c.code)
		}
	}
	if n := count(); n != 3 {
		t.Errorf("%d incidents after refused imports, want the 3 seeded", n)
	}
}
