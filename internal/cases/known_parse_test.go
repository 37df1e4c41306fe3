package cases

import (
	"errors"
	"testing"

	"truce/internal/fault"
)

// TestParseFacilityLists reads CSV and GeoJSON lists and refuses bad ones
// with an invalid-input error naming the field.
func TestParseFacilityLists(t *testing.T) {
	s := NewService(Deps{})
	for _, c := range []struct {
		name      string
		csv       string
		geojson   string
		wantErr   string // the field, "" for none
		wantSites int
	}{
		{name: "csv", csv: "name,kind,lat,lon,source,radius_m\nA,school,36.1,37.1,list,50\nB,clinic,36.2,37.2,,\n", wantSites: 2},
		{name: "csv with an HXL row", csv: "Name,Kind,Lat,Lon\n#loc+name,#loc+type,#geo+lat,#geo+lon\nA,school,36.1,37.1\n", wantSites: 1},
		{name: "csv without lon", csv: "name,kind,lat\nA,school,36\n", wantErr: "csv"},
		{name: "csv with a word for lat", csv: "name,kind,lat,lon\nA,school,north,37\n", wantErr: "csv"},
		{name: "csv with no rows", csv: "name,kind,lat,lon\n", wantErr: "sites"},
		{name: "csv without a name", csv: "name,kind,lat,lon\n,school,36,37\n", wantErr: "sites[0].name"},
		{name: "csv with a radius too wide", csv: "name,kind,lat,lon,radius_m\nA,school,36,37,9000\n", wantErr: "sites[0].radius_m"},
		{name: "geojson", geojson: `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A","kind":"camp"},"geometry":{"type":"Point","coordinates":[37,36]}}]}`, wantSites: 1},
		{name: "geojson of a feature", geojson: `{"type":"Feature","properties":{},"geometry":null}`, wantErr: "geojson"},
		{name: "geojson with a line", geojson: `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A","kind":"camp"},"geometry":{"type":"LineString","coordinates":[[37,36],[38,36]]}}]}`, wantErr: "geojson.features[0].geometry"},
	} {
		var sites []Site
		var err error
		if c.csv != "" {
			sites, err = parseCSV(c.csv)
		} else {
			sites, err = parseGeoJSON([]byte(c.geojson))
		}
		if err == nil {
			sites, err = s.validSites(sites, "default source")
		}
		var inv *fault.InvalidError
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr != "" && (!errors.As(err, &inv) || inv.Field != c.wantErr):
			t.Errorf("%s: %v, want an invalid %s", c.name, err, c.wantErr)
		case c.wantErr == "" && len(sites) != c.wantSites:
			t.Errorf("%s: %d sites, want %d", c.name, len(sites), c.wantSites)
		}
		for _, k := range sites {
			if k.ID == "" || k.RadiusM <= 0 || k.Source == "" {
				t.Errorf("%s: site without defaults: %+v", c.name, k)
			}
		}
	}
}
