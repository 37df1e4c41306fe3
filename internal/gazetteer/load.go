package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

//go:embed data/places.tsv.gz
var placesGz []byte

// ErrFormat is wrapped by the errors Parse returns for malformed input.
var ErrFormat = errors.New("gazetteer: malformed data")

// Load builds the gazetteer from the data embedded in the binary. Each call
// parses afresh (tens of milliseconds); the result is immutable and safe for
// concurrent use, so callers keep one. It fails only if the embedded data is
// corrupt, which the package tests rule out.
func Load() (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(placesGz))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: open embedded data: %w", err)
	}
	defer zr.Close()
	g, err := Parse(zr)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data: %w", err)
	}
	return g, nil
}

// numFields is the number of tab-separated columns of a places.tsv row:
// id, name, asciiname, name_ar, name_ru, country, admin1, lat, lon,
// feature_class, feature_code, population, alternates (comma-separated).
const numFields = 13

// Parse builds a gazetteer from uncompressed places.tsv text (the format gen
// writes; lines starting with '#' and empty lines are skipped). It returns an
// error wrapping ErrFormat, naming the line, for a row with the wrong number
// of columns, a non-numeric id, population or coordinate, coordinates out of
// range, an empty name, or an id seen before.
func Parse(r io.Reader) (*Gazetteer, error) {
	b := newBuilder()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || text[0] == '#' {
			continue
		}
		p, alts, err := parseRow(text)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: line %d: %w", line, err)
		}
		if err := b.add(p, alts); err != nil {
			return nil, fmt.Errorf("gazetteer: line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: read: %w", err)
	}
	return b.build(), nil
}

// parseRow decodes one places.tsv row.
func parseRow(text string) (Place, []string, error) {
	f := strings.Split(text, "\t")
	if len(f) != numFields {
		return Place{}, nil, fmt.Errorf("%w: %d columns, want %d", ErrFormat, len(f), numFields)
	}
	id, err := strconv.Atoi(f[0])
	if err != nil || id <= 0 {
		return Place{}, nil, fmt.Errorf("%w: id %q", ErrFormat, f[0])
	}
	lat, err1 := strconv.ParseFloat(f[7], 64)
	lon, err2 := strconv.ParseFloat(f[8], 64)
	if err1 != nil || err2 != nil || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180) {
		return Place{}, nil, fmt.Errorf("%w: id %d: coordinates %q %q", ErrFormat, id, f[7], f[8])
	}
	pop, err := strconv.Atoi(f[11])
	if err != nil || pop < 0 {
		return Place{}, nil, fmt.Errorf("%w: id %d: population %q", ErrFormat, id, f[11])
	}
	if f[1] == "" {
		return Place{}, nil, fmt.Errorf("%w: id %d: empty name", ErrFormat, id)
	}
	p := Place{
		ID: id, Name: f[1], ASCIIName: f[2], NameAR: f[3], NameRU: f[4],
		Country: f[5], Admin1: f[6], Lat: lat, Lon: lon,
		FeatureClass: f[9], FeatureCode: f[10], Population: pop,
		Precision: PrecisionFor(f[9], f[10]),
	}
	var alts []string
	if f[12] != "" {
		alts = strings.Split(f[12], ",")
	}
	return p, alts, nil
}
