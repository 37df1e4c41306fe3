package encode

import (
	"fmt"
	"io"
	"strings"

	"truce/internal/features"
	"truce/internal/ogc/cql2"
)

// csvtWriter writes GDAL's .csvt sidecar of a collection's CSV: one line,
// a quoted type per column. Features are not its business: Write ignores
// them.
type csvtWriter struct{}

// NewCSVT writes the .csvt line of info's CSV columns to w: "WKT" for the
// geometry, "Real" for longitude and latitude, and for a property the
// type of its queryable (Integer, Real, DateTime, Integer(Boolean)), else
// String. GDAL reads the CSV with these types when the file is saved
// beside it under the same name.
func NewCSVT(w io.Writer, info features.Info) (Writer, error) {
	if len(info.Columns) == 0 {
		return nil, ErrNoCSV
	}
	types := make([]string, len(info.Columns))
	for i, col := range info.Columns {
		types[i] = `"` + csvtType(col, info) + `"`
	}
	if _, err := io.WriteString(w, strings.Join(types, ",")+"\n"); err != nil {
		return nil, fmt.Errorf("encode: csvt: %w", err)
	}
	return csvtWriter{}, nil
}

func csvtType(col features.Column, info features.Info) string {
	switch col.Prop {
	case "@wkt":
		return "WKT"
	case "@lon", "@lat":
		return "Real"
	case "@id":
		return "String"
	}
	for _, q := range info.Queryables {
		if q.Name != col.Prop {
			continue
		}
		switch q.Type {
		case cql2.Integer:
			return "Integer"
		case cql2.Number:
			return "Real"
		case cql2.Timestamp:
			return "DateTime"
		case cql2.Boolean:
			return "Integer(Boolean)"
		}
	}
	return "String"
}

func (csvtWriter) Write(*features.Feature) error { return nil }
func (csvtWriter) Close() error                  { return nil }
