package zones

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

const squareKML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder>
<Placemark id="pm-1"><name>Idlib corridor</name>
 <TimeSpan><begin>2016-09-12T19:00:00Z</begin></TimeSpan>
 <ExtendedData><Data name="kind"><value>humanitarian_corridor</value></Data>
  <Data name="name_ar"><value>ممر إدلب</value></Data></ExtendedData>
 <Polygon><outerBoundaryIs><LinearRing><coordinates>
  36.0,35.0,0 36.5,35.0,0 36.5,35.5,0 36.0,35.5,0 36.0,35.0,0
 </coordinates></LinearRing></outerBoundaryIs>
 <innerBoundaryIs><LinearRing><coordinates>36.1,35.1 36.1,35.2 36.2,35.2 36.2,35.1 36.1,35.1</coordinates></LinearRing></innerBoundaryIs>
 </Polygon></Placemark>
<Placemark><name>Two parts</name>
 <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="type">demilitarized_zone</SimpleData></SchemaData></ExtendedData>
 <MultiGeometry>
  <Polygon><outerBoundaryIs><LinearRing><coordinates>37,36 37.1,36 37.1,36.1 37,36 </coordinates></LinearRing></outerBoundaryIs></Polygon>
  <Polygon><outerBoundaryIs><LinearRing><coordinates>38,36 38.1,36 38.1,36.1 38,36</coordinates></LinearRing></outerBoundaryIs></Polygon>
 </MultiGeometry></Placemark>
</Folder></Document></kml>`

const squareGeoJSON = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"f-1","properties":{"name":"Aleppo ceasefire area","kind":"ceasefire_area","name_ru":"Зона Алеппо","effective_from":"2016-09-12T19:00:00Z","effective_until":"2016-10-12T19:00:00Z"},
  "geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36.3],[37,36]]]}},
 {"type":"Feature","properties":{"label":"Demilitarised strip","kind":"demilitarized_zone","effective_from":"2016-09-12T19:00:00Z"},
  "geometry":{"type":"MultiPolygon","coordinates":[[[[38,36],[38.1,36],[38.1,36.1],[38,36]]]]}}]}`

func TestParseKML(t *testing.T) {
	feats, errs, err := ParseKML([]byte(squareKML), nil)
	if err != nil || len(errs) != 0 || len(feats) != 2 {
		t.Fatalf("err %v, feature errors %v, %d features", err, errs, len(feats))
	}
	f := feats[0]
	want := map[string]string{"name": "Idlib corridor", "kind": "humanitarian_corridor", "name_ar": "ممر إدلب", "effective_from": "2016-09-12T19:00:00Z"}
	for k, v := range want {
		if f.Props[k] != v {
			t.Errorf("feature 1 %s = %q, want %q", k, f.Props[k], v)
		}
	}
	if f.ID != "pm-1" || !strings.HasPrefix(string(f.Geometry), `{"coordinates":[[[36,35],[36.5,35]`) || !strings.HasSuffix(string(f.Geometry), `"type":"Polygon"}`) {
		t.Errorf("feature 1: id %q geometry %s", f.ID, f.Geometry)
	}
	if !strings.HasSuffix(string(feats[1].Geometry), `"type":"MultiPolygon"}`) || feats[1].Props["kind"] != "" {
		t.Errorf("feature 2: %+v", feats[1])
	}
	mapped, _, _ := ParseKML([]byte(squareKML), Mapping{"kind": "type"})
	if mapped[1].Props["kind"] != "demilitarized_zone" {
		t.Errorf("mapped kind %q, want demilitarized_zone from SimpleData type", mapped[1].Props["kind"])
	}
}

func kmlWith(placemark string) string {
	return `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>` + placemark + `</Document></kml>`
}

func TestParseKMLRefusals(t *testing.T) {
	cases := []struct {
		name, doc string
		parse     string // a ParseError containing this, or
		field     string // a FeatureError on this field
		reason    string
	}{
		{"entity expansion", `<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><kml>&b;</kml>`, "DOCTYPE", "", ""},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE kml SYSTEM "file:///etc/passwd"><kml></kml>`, "DOCTYPE", "", ""},
		{"undeclared entity", `<kml><Document><name>&xxe;</name></Document></kml>`, "not well-formed", "", ""},
		{"not xml", `{"type":"Polygon"}`, "no kml element", "", ""},
		{"truncated", `<kml><Document><Placemark>`, "not well-formed", "", ""},
		{"not kml", `<gpx><trk/></gpx>`, "no kml element", "", ""},
		{"point", kmlWith(`<Placemark><name>P</name><Point><coordinates>36,35</coordinates></Point></Placemark>`), "", "geometry", "point or a line"},
		{"no geometry", kmlWith(`<Placemark><name>P</name></Placemark>`), "", "geometry", "missing"},
		{"bad tuple", kmlWith(`<Placemark><name>P</name><Polygon><outerBoundaryIs><LinearRing><coordinates>36,35 36;35.5 37,35 36,35</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`), "", "geometry/coordinates/0/0", "vertex 1"},
		{"nan", kmlWith(`<Placemark><name>P</name><Polygon><outerBoundaryIs><LinearRing><coordinates>36,35 NaN,35.5 37,35 36,35</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`), "", "geometry/coordinates/0/0", "vertex 1"},
		{"empty inner ring", kmlWith(`<Placemark><name>P</name><Polygon><outerBoundaryIs><LinearRing><coordinates>36,35 37,35 37,36 36,35</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing><coordinates> </coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>`), "", "geometry/coordinates/0/1", "ring 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			feats, errs, err := ParseKML([]byte(c.doc), nil)
			var pe *ParseError
			if c.parse != "" {
				if !errors.As(err, &pe) || !strings.Contains(pe.Reason, c.parse) {
					t.Fatalf("err = %v, want a ParseError containing %q", err, c.parse)
				}
				return
			}
			if err != nil || len(feats) != 0 || len(errs) != 1 {
				t.Fatalf("err %v, %d features, errors %+v", err, len(feats), errs)
			}
			if e := errs[0]; e.Feature != 1 || e.Name != "P" || e.Field != c.field || !strings.Contains(e.Reason, c.reason) {
				t.Errorf("error %+v, want feature 1 (P) field %q reason containing %q", e, c.field, c.reason)
			}
		})
	}
}

func TestParseGeoJSON(t *testing.T) {
	feats, errs, err := ParseGeoJSON([]byte(squareGeoJSON), Mapping{"name": "label"})
	if err != nil || len(errs) != 0 || len(feats) != 2 {
		t.Fatalf("err %v errors %v features %d", err, errs, len(feats))
	}
	if feats[0].ID != "f-1" || feats[0].Props["name_ru"] != "Зона Алеппо" || feats[0].Props["name"] != "" {
		t.Errorf("feature 1 %+v (name is mapped to label, which it lacks)", feats[0])
	}
	if feats[1].Props["name"] != "Demilitarised strip" {
		t.Errorf("feature 2 name %q, want it from label", feats[1].Props["name"])
	}
	bare, _, err := ParseGeoJSON([]byte(`{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}`), nil)
	if err != nil || len(bare) != 1 || len(bare[0].Props) != 0 {
		t.Errorf("bare polygon: %v %+v", err, bare)
	}
	cases := []struct{ name, doc, want string }{
		{"not json", `<kml/>`, "not GeoJSON"},
		{"two values", `{"type":"Polygon"} {}`, "after the JSON value"},
		{"point", `{"type":"Point","coordinates":[1,2]}`, `"Point" is not`},
		{"unknown top-level member", `{"type":"FeatureCollection","features":[],"crs":{}}`, `/crs: member "crs" is not one of a FeatureCollection's`},
		{"member in another case", `{"type":"FeatureCollection","Features":[]}`, `/Features: member "Features"`},
		{"duplicate member", `{"type":"FeatureCollection","features":[],"features":[]}`, "/features: duplicate member name"},
		{"duplicate type", `{"type":"Feature","type":"FeatureCollection","features":[]}`, "/type: duplicate member name"},
		{"duplicate property", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a","name":"b"},"geometry":null}]}`, "/features/0/properties/name: duplicate member name"},
		{"trailing data", `{"type":"FeatureCollection","features":[]}x`, "after the JSON value"},
		{"invalid UTF-8", "{\"type\":\"FeatureCollection\",\"features\":[],\"bbox\":\"\xff\"}", "/bbox: holds invalid UTF-8"},
	}
	for _, c := range cases {
		var pe *ParseError
		if _, _, err := ParseGeoJSON([]byte(c.doc), nil); !errors.As(err, &pe) || !strings.Contains(pe.Reason, c.want) {
			t.Errorf("%s: err = %v, want a ParseError containing %q", c.name, err, c.want)
		}
	}
	_, ferrs, _ := ParseGeoJSON([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"N"},"geometry":null},{"type":"Polygon"},`+
		`{"type":"Feature","geometry":null,"style":{}}]}`), nil)
	if len(ferrs) != 3 || ferrs[0].Name != "N" || ferrs[0].Field != "geometry" || ferrs[1].Feature != 2 || ferrs[1].Field != "type" ||
		ferrs[2].Field != "style" {
		t.Errorf("feature errors %+v", ferrs)
	}
}

func TestParseMapping(t *testing.T) {
	if m, err := ParseMapping("name=label, kind=type"); err != nil || m["name"] != "label" || m["kind"] != "type" {
		t.Errorf("%v %v", m, err)
	}
	for _, bad := range []string{"colour=c", "name", "name="} {
		if _, err := ParseMapping(bad); err == nil {
			t.Errorf("ParseMapping(%q) accepted", bad)
		}
	}
}

// fakeStore and fakeLog stand in for storage: the zones that exist, and
// what was appended.
type fakeStore struct{ zones map[string]bool }

func (f *fakeStore) CoChairs(context.Context, ledger.Querier) ([]string, error) {
	return []string{"ru", "us"}, nil
}
func (f *fakeStore) Departed(context.Context, ledger.Querier) ([]Departure, error) { return nil, nil }
func (f *fakeStore) Releases(context.Context) (map[string]access.Releasability, error) {
	return map[string]access.Releasability{}, nil
}
func (f *fakeStore) Zone(_ context.Context, _ ledger.Querier, id string) (*Zone, error) {
	if f.zones[id] {
		return &Zone{ID: id}, nil
	}
	return nil, fmt.Errorf("zone %s: %w", id, fault.ErrNotFound)
}
func (f *fakeStore) Zones(context.Context) ([]Zone, error)                    { return nil, nil }
func (f *fakeStore) History(context.Context, string) ([]*ledger.Entry, error) { return nil, nil }

type fakeLog struct {
	store   *fakeStore
	appends int
	changes []ledger.Change
}

func (l *fakeLog) Append(ctx context.Context, cs ...ledger.Change) ([]*ledger.Entry, error) {
	for _, c := range cs {
		if c.Check != nil {
			if err := c.Check(ctx, nil); err != nil {
				return nil, err
			}
		}
	}
	l.appends++
	l.changes = append(l.changes, cs...)
	for _, c := range cs {
		if p, ok := c.Payload.(Proposed); ok {
			l.store.zones[p.Version.ZoneID] = true
		}
	}
	return nil, nil
}

var usLiaison = access.Principal{UserID: "u1", Username: "us-liaison", Party: "us", Role: access.RoleLiaison, CoChair: true}

func newFakeService() (*Service, *fakeLog) {
	st := &fakeStore{zones: map[string]bool{}}
	lg := &fakeLog{store: st}
	return NewService(Deps{Store: st, Log: lg}), lg
}

func TestImportIsAllOrNothingAndIdempotent(t *testing.T) {
	ctx := context.Background()
	s, lg := newFakeService()
	feats, _, _ := ParseGeoJSON([]byte(squareGeoJSON), Mapping{"name": "label"})
	// Feature 1 lacks a name under this mapping: nothing is written.
	rep, err := s.Import(ctx, usLiaison, feats, nil, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Invalid != 1 || rep.Written || lg.appends != 0 || rep.Errors[0].Feature != 1 || rep.Errors[0].Field != "name" {
		t.Fatalf("report %+v, %d appends; want feature 1's name refused and nothing written", rep, lg.appends)
	}
	feats, _, _ = ParseGeoJSON([]byte(squareGeoJSON), nil)
	feats[1].Props["name"] = "Demilitarised strip"
	rep, err = s.Import(ctx, usLiaison, feats, nil, ImportOptions{DryRun: true})
	if err != nil || rep.Created != 2 || rep.Written || lg.appends != 0 {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	rep, err = s.Import(ctx, usLiaison, feats, nil, ImportOptions{})
	if err != nil || rep.Created != 2 || !rep.Written || lg.appends != 1 || len(lg.changes) != 4 {
		t.Fatalf("import: %+v %v; %d appends of %d changes", rep, err, lg.appends, len(lg.changes))
	}
	if rep.IDs[0] != ImportedID("us", "id:f-1") {
		t.Errorf("zone id %s, want the one derived from the feature id", rep.IDs[0])
	}
	if a := lg.changes[1].Payload.(Agreed); a.Party != "us" || a.Complete {
		t.Errorf("agreement %+v: the proposer agrees; ru has not", a)
	}
	again, err := s.Import(ctx, usLiaison, append(feats, feats[0]), nil, ImportOptions{})
	if err != nil || again.Created != 0 || again.Existing != 3 || lg.appends != 1 {
		t.Fatalf("re-import: %+v %v; %d appends", again, err, lg.appends)
	}
}

func TestImportErrorsNameFeatureRingAndVertex(t *testing.T) {
	s, lg := newFakeService()
	doc := `{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"name":"Good","kind":"ceasefire_area","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}},
	 {"type":"Feature","properties":{"name":"Bow tie","kind":"ceasefire_area","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36.3],[37.3,36],[37,36.3],[37,36]]]}},
	 {"type":"Feature","properties":{"name":"Far","kind":"ceasefire_area","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,91],[37,36]]]}},
	 {"type":"Feature","properties":{"name":"No kind","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}}]}`
	feats, perrs, err := ParseGeoJSON([]byte(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Import(context.Background(), usLiaison, feats, perrs, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Invalid != 3 || rep.Written || lg.appends != 0 || len(rep.IDs) != 0 {
		t.Fatalf("report %+v", rep)
	}
	for k, want := range []struct {
		feature int
		name    string
		field   string
	}{{2, "Bow tie", "geometry/coordinates/0/"}, {3, "Far", "geometry/coordinates/0/2"}, {4, "No kind", "kind"}} {
		e := rep.Errors[k]
		if e.Feature != want.feature || e.Name != want.name || !strings.HasPrefix(e.Field, want.field) || e.Reason == "" {
			t.Errorf("error %d = %+v, want feature %d (%s) at %s…", k, e, want.feature, want.name, want.field)
		}
	}
	// With a default kind the fourth passes; the others still fail.
	rep, _ = s.Import(context.Background(), usLiaison, feats, perrs, ImportOptions{Defaults: map[string]string{"kind": "protected_area"}})
	if rep.Invalid != 2 {
		t.Errorf("with a default kind: %d invalid, want 2", rep.Invalid)
	}
}

func TestImportNeedsACoChairLiaison(t *testing.T) {
	s, _ := newFakeService()
	for _, p := range []access.Principal{access.Public,
		{UserID: "u2", Party: "un", Role: access.RoleLiaison},
		{UserID: "u3", Party: "us", Role: access.RoleObserver, CoChair: true}} {
		if _, err := s.Import(context.Background(), p, nil, nil, ImportOptions{}); !errors.Is(err, fault.ErrForbidden) && !errors.Is(err, fault.ErrUnauthenticated) {
			t.Errorf("%+v: err = %v, want forbidden", p, err)
		}
	}
}
