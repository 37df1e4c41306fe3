// Package encode writes streams of features as GeoJSON (RFC 7946
// FeatureCollection), KML 2.2 (OGC 07-147r2) and CSV (RFC 4180) with an HXL
// hashtag row (https://hxlstandard.org/standard/1-1final/). Every writer is
// streaming: it holds one feature at a time, so the memory it needs does
// not grow with the number of features.
package encode

import (
	"fmt"

	"truce/internal/features"
)

// Writer writes features one at a time; Close ends the document.
type Writer interface {
	// Write appends one feature.
	Write(f *features.Feature) error
	// Close ends the document and flushes it; it does not close the
	// underlying writer.
	Close() error
}

// Format is an export format.
type Format string

// The export formats.
const (
	GeoJSON Format = "geojson"
	KML     Format = "kml"
	// CSV is for GIS tools and spreadsheets: a header row, then the rows;
	// its CSVT sidecar gives GDAL (and QGIS) each column's type.
	CSV Format = "csv"
	// HXL is the same CSV with an HXL hashtag row under the header, for
	// the Humanitarian Data Exchange and HXL tools.
	HXL Format = "hxl"
	// CSVT is GDAL's sidecar of the CSV: one line naming each column's
	// type (https://gdal.org/drivers/vector/csv.html); saved beside the
	// CSV with the same name and the extension .csvt.
	CSVT Format = "csvt"
)

// Formats lists the formats.
var Formats = []Format{GeoJSON, KML, CSV, HXL, CSVT}

// Tabular reports whether f is one of the CSV formats, which only
// collections with CSV columns have.
func (f Format) Tabular() bool { return f == CSV || f == HXL || f == CSVT }

// MediaType returns the media type of f.
func (f Format) MediaType() string {
	switch f {
	case KML:
		return "application/vnd.google-earth.kml+xml"
	case CSV, HXL, CSVT:
		return "text/csv; charset=utf-8; header=present"
	}
	return "application/geo+json"
}

// Extension returns the file name extension of f, without the dot.
func (f Format) Extension() string {
	switch f {
	case GeoJSON:
		return "geojson"
	case HXL:
		return "hxl.csv"
	}
	return string(f)
}

// ErrNoCSV is returned by NewWriter for CSV of a collection without CSV
// columns.
var ErrNoCSV = fmt.Errorf("encode: CSV is offered for incidents, sites and movements only")
