package encode

import (
	"fmt"
	"io"

	"truce/internal/features"
)

// NewWriter returns a writer of format f for collection info to w. It
// returns ErrNoCSV for CSV of a collection without CSV columns and an error
// for an unknown format.
func NewWriter(w io.Writer, f Format, info features.Info) (Writer, error) {
	switch f {
	case GeoJSON:
		return NewGeoJSON(w), nil
	case KML:
		return NewKMLFor(w, info), nil
	case CSV, HXL:
		return NewCSV(w, info.Columns, f == HXL)
	case CSVT:
		return NewCSVT(w, info)
	}
	return nil, fmt.Errorf("encode: unknown format %q", f)
}
