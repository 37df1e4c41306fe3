package cases

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/geo"
)

// parseGeoJSON reads a FeatureCollection of Point features whose
// properties hold name, kind and optionally source and radius_m.
func parseGeoJSON(raw []byte) ([]Site, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string          `json:"type"`
			Geometry   json.RawMessage `json:"geometry"`
			Properties struct {
				Name    string  `json:"name"`
				Kind    string  `json:"kind"`
				Source  string  `json:"source"`
				RadiusM float64 `json:"radius_m"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil || fc.Type != "FeatureCollection" {
		return nil, fault.Invalid("geojson", "must be a GeoJSON FeatureCollection of Point features")
	}
	out := make([]Site, 0, len(fc.Features))
	for i, f := range fc.Features {
		pt, err := geo.DecodePoint(f.Geometry)
		if err != nil || f.Type != "Feature" {
			return nil, fault.Invalid(fmt.Sprintf("geojson.features[%d].geometry", i), "must be a Feature with a valid Point")
		}
		p := f.Properties
		out = append(out, Site{Name: p.Name, Kind: p.Kind, Source: p.Source, RadiusM: p.RadiusM, Lon: pt[0], Lat: pt[1]})
	}
	return out, nil
}

// csvColumns are the columns a CSV facility list may have; name, kind,
// lat and lon are required. A row of HXL hashtags under the header is
// skipped.
var csvColumns = []string{"name", "kind", "lat", "lon", "source", "radius_m"}

// parseCSV reads a CSV facility list with a header row.
func parseCSV(text string) ([]Site, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fault.Invalid("csv", "must start with a header row naming %v", csvColumns)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(csvColumns, h) {
			return nil, fault.Invalid("csv", "unknown column %q; use %v", h, csvColumns)
		}
		col[h] = i
	}
	for _, need := range csvColumns[:4] {
		if _, ok := col[need]; !ok {
			return nil, fault.Invalid("csv", "the header must name the column %q", need)
		}
	}
	var out []Site
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fault.Invalid("csv", "line %d: %v", line, err)
		}
		if len(rec) > 0 && strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			continue // HXL hashtags
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		s := Site{Name: get("name"), Kind: get("kind"), Source: get("source")}
		var errs [3]error
		s.Lat, errs[0] = strconv.ParseFloat(get("lat"), 64)
		s.Lon, errs[1] = strconv.ParseFloat(get("lon"), 64)
		if v := get("radius_m"); v != "" {
			s.RadiusM, errs[2] = strconv.ParseFloat(v, 64)
		}
		if err := errors.Join(errs[:]...); err != nil {
			return nil, fault.Invalid("csv", "line %d: lat, lon and radius_m must be numbers", line)
		}
		out = append(out, s)
	}
	return out, nil
}

// validSites checks every site, fills defaults and gives each an id.
func (s *Service) validSites(sites []Site, source string) ([]Site, error) {
	if len(sites) == 0 {
		return nil, fault.Invalid("sites", "the list holds no site")
	}
	if len(sites) > MaxKnownSites {
		return nil, fault.Invalid("sites", "at most %d sites per import", MaxKnownSites)
	}
	for i := range sites {
		k := &sites[i]
		field := func(f string) string { return fmt.Sprintf("sites[%d].%s", i, f) }
		k.Name, k.Source = strings.TrimSpace(k.Name), strings.TrimSpace(k.Source)
		switch {
		case k.Name == "" || len(k.Name) > maxName:
			return nil, fault.Invalid(field("name"), "a name of 1 to %d bytes is required", maxName)
		case !slices.Contains(KnownKinds, k.Kind):
			return nil, fault.Invalid(field("kind"), "%q is not a kind; use one of %v", k.Kind, KnownKinds)
		case math.IsNaN(k.Lat) || k.Lat < -90 || k.Lat > 90 || math.IsNaN(k.Lon) || k.Lon < -180 || k.Lon > 180:
			return nil, fault.Invalid(field("lat"), "lat must be within ±90 and lon within ±180")
		case k.RadiusM < 0 || k.RadiusM > MaxKnownRadiusM || math.IsNaN(k.RadiusM):
			return nil, fault.Invalid(field("radius_m"), "must be 0 (the default, %.0f m) to %d", s.deps.Config.KnownRadiusM, MaxKnownRadiusM)
		case len(k.Source) > maxName:
			return nil, fault.Invalid(field("source"), "at most %d bytes", maxName)
		}
		if k.RadiusM == 0 {
			k.RadiusM = s.deps.Config.KnownRadiusM
		}
		if k.Source == "" {
			k.Source = source
		}
		k.ID = access.NewID("kst")
	}
	return sites, nil
}
