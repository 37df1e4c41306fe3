// Package basemap serves truce's offline basemap: country outlines and
// first-level divisions (governorates, provinces) of Syria and its
// neighbours as RFC 7946 GeoJSON, embedded in the binary, for the web map
// to draw without any tile server.
//
// The geometry is Natural Earth 1:10m (public domain), simplified with a
// tolerance of about 200 m and rounded to 4 decimals; internal/basemap/gen
// rebuilds it. Boundaries are Natural Earth's de facto depiction and imply
// no position on any disputed boundary or territory; the web map says so
// next to Attribution.
package basemap

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

var (
	//go:embed data/countries.geojson.gz
	countriesGz []byte
	//go:embed data/admin1.geojson.gz
	admin1Gz []byte
)

// Codes lists the ISO 3166-1 alpha-2 codes of the countries the basemap
// covers, in the order Countries returns them (followed by Northern Cyprus,
// which has no code).
var Codes = []string{"SY", "LB", "JO", "IQ", "TR", "IL", "PS", "CY"}

var (
	countries = sync.OnceValue(func() []byte { return gunzip("countries", countriesGz) })
	admin1    = sync.OnceValue(func() []byte { return gunzip("admin1", admin1Gz) })
)

// Countries returns a GeoJSON FeatureCollection of the outlines of the
// covered countries, one MultiPolygon feature each, with id the ISO 3166-1
// alpha-3 code and properties name, name_ar, name_ru, iso_a2 and iso_a3
// (the codes and translated names are absent for Northern Cyprus). The
// caller owns the returned slice.
func Countries() []byte { return bytes.Clone(countries()) }

// Admin1 returns a GeoJSON FeatureCollection of the first-level divisions
// of the covered countries, one MultiPolygon feature each, with id the
// Natural Earth adm1_code and properties name, name_alt (|-separated
// variants), country (ISO alpha-2), country_name, type, adm1_code and,
// where Natural Earth records it, geonames_id and geonames_admin1 (which
// match the gazetteer's governorate entries). The caller owns the returned
// slice.
func Admin1() []byte { return bytes.Clone(admin1()) }

// Attribution returns the credit line a map drawn from this data must show.
func Attribution() string {
	return "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com. " +
		"Boundaries are shown as Natural Earth depicts them and imply no position on any disputed territory."
}

// gunzip decompresses embedded data; the package tests guarantee it is
// valid, so a failure is a build defect and panics.
func gunzip(name string, gz []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		panic(fmt.Sprintf("basemap: embedded %s: %v", name, err))
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic(fmt.Sprintf("basemap: embedded %s: %v", name, err))
	}
	return b
}
