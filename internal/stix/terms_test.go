package stix

import (
	"bytes"
	"encoding/json"
	"testing"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/agreements/rules"
	"truce/internal/stix/stixtest"
)

// termsFixtures are an agreement (AMBER to us and ru, agreed, with two
// obligations and a breach seen through a RED incident of us) and a safe
// passage, as the agreements service returns them.
func termsFixtures() (*agreements.Agreement, []agreements.Breach, *agreements.Passage) {
	v := agreements.Version{Spec: agreements.Spec{AgreementID: "agr_0001", Version: 1, Title: "Memorandum on the Aleppo front",
		Text: "The parties withdraw heavy weapons.", Parties: []string{"ru", "us"}, EffectiveFrom: "2016-07-01T00:00:00Z",
		Document: &agreements.Document{SHA256: "ab12", MediaType: "application/pdf", Size: 10},
		Obligations: []agreements.ObligationSpec{
			{Key: "heavy", Title: "No artillery in the zone", Rule: agreements.RuleSpec{Kind: rules.KindNoWeapons, ZoneID: "zon_1",
				From: "2016-07-01T00:00:00Z", Classes: []string{"artillery"}}},
			{Key: "air", Title: "No low flights", Rule: agreements.RuleSpec{Kind: rules.KindNoLowFlights, ZoneID: "zon_1",
				From: "2016-07-01T00:00:00Z", MinAltitudeFt: 10000, Parties: []string{"ru"}}},
		}},
		Party: "us", Author: "us-liaison", ProposedAt: "2016-06-30T10:00:00Z", AgreedBy: []string{"ru", "us"},
		AgreedAt: "2016-06-30T12:00:00Z"}
	a := &agreements.Agreement{ID: "agr_0001", Party: "us", Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}},
		Created: "2016-06-30T10:00:00Z", Status: agreements.StatusInForce, Latest: 1, Versions: []agreements.Version{v}}
	a.Current = &a.Versions[0]
	bs := []agreements.Breach{{BreachRecorded: agreements.BreachRecorded{AgreementID: "agr_0001", Version: 1, Obligation: "heavy",
		Source: rules.SourceIncident, EventID: "inc_0001", Party: "ru", EventTime: "2016-07-12T14:30:00Z",
		Release: access.Releasability{TLP: access.TLPRed, Audience: []string{"us"}}}}}
	p := &agreements.Passage{ID: "psg_0001", Party: "un", Release: access.Releasability{TLP: access.TLPGreen}, Created: "2016-07-02T00:00:00Z",
		Status: agreements.PassagePlanned, Latest: 1, Missing: []string{"guarantee:ru"},
		Versions: []agreements.PassageVersion{{PassageSpec: agreements.PassageSpec{ID: "psg_0001", Version: 1, Kind: agreements.KindSafePassage,
			Name: "Corridor M10", Geometry: json.RawMessage(`{"type":"LineString","coordinates":[[37.1,36.1],[37.2,36.2]]}`),
			WindowFrom: "2016-07-03T06:00:00Z", WindowUntil: "2016-07-03T18:00:00Z", Traffic: []string{"civilians"},
			Parties: []string{"ru", "us"}}, Party: "un", ProposedAt: "2016-07-02T00:00:00Z"}},
		Guarantees: []agreements.Guarantee{{Party: "us", Version: 1}}}
	return a, bs, p
}

func exportTerms(t *testing.T) []byte {
	t.Helper()
	a, bs, p := termsFixtures()
	var buf bytes.Buffer
	ex, err := NewExporter(&buf, ID("bundle", "terms"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Agreement(a, bs, func(id string) string { return ID("incident", id) }); err != nil {
		t.Fatal(err)
	}
	if err := ex.Passage(p); err != nil {
		t.Fatal(err)
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTermsExportConformsToTheOASISSchemas validates every object of an
// export of the terms against the OASIS STIX 2.1 schemas and checks the
// mapping: the agreement a grouping of its obligations' notes, the breach
// a relationship from the incident to the obligation marked RED for us
// only (the narrower of the agreement's and the incident's), the passage a
// location carrying its route.
func TestTermsExportConformsToTheOASISSchemas(t *testing.T) {
	raw := exportTerms(t)
	counts, errs := stixtest.Bundle(raw)
	for _, err := range errs {
		t.Error(err)
	}
	want := map[string]int{"extension-definition": 2, "grouping": 1, "note": 2, "relationship": 1, "location": 1}
	for typ, n := range want {
		if counts[typ] != n {
			t.Errorf("%d %s objects, want %d (all: %v)", counts[typ], typ, n, counts)
		}
	}
	var b struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, o := range b.Objects {
		byID[o["id"].(string)] = o
	}
	g := byID[AgreementID("agr_0001")]
	if g == nil || g["context"] != AgreementContext || len(g["object_refs"].([]any)) != 4 {
		t.Fatalf("agreement grouping %v", g)
	}
	if ext := g["extensions"].(map[string]any)[TermsExtensionID].(map[string]any); ext["status"] != "in_force" || ext["document_sha256"] != "ab12" {
		t.Errorf("agreement extension %v", ext)
	}
	n := byID[ObligationID("agr_0001", "air")]
	if n == nil || n["object_refs"].([]any)[0] != AgreementID("agr_0001") {
		t.Fatalf("obligation note %v", n)
	}
	var rel map[string]any
	for _, o := range b.Objects {
		if o["type"] == "relationship" {
			rel = o
		}
	}
	if rel["relationship_type"] != "breaches" || rel["source_ref"] != ID("incident", "inc_0001") || rel["target_ref"] != ObligationID("agr_0001", "heavy") {
		t.Errorf("breach %v", rel)
	}
	if refs := rel["object_marking_refs"].([]any); refs[0] != tlp2IDs["RED"] {
		t.Errorf("breach marked %v, want RED first", refs)
	}
	loc := byID[PassageID("psg_0001")]
	if ext := loc["extensions"].(map[string]any)[TermsExtensionID].(map[string]any); ext["geometry"] == nil || ext["status"] != "planned" {
		t.Errorf("passage location %v", loc)
	}
	if again := exportTerms(t); !bytes.Equal(raw, again) {
		t.Error("two exports of the same terms differ")
	}
}

// TestTermsExtensionIDIsPinned keeps the terms extension's id as the
// README documents it.
func TestTermsExtensionIDIsPinned(t *testing.T) {
	if TermsExtensionID != "extension-definition--24d402ca-9ed7-5487-a478-c6cea72fd2b1" {
		t.Fatalf("terms extension id %s", TermsExtensionID)
	}
}
