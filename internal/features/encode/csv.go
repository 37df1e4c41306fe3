package encode

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"

	"truce/internal/features"
)

// CSVWriter streams RFC 4180 CSV: a header row, an HXL hashtag row when
// asked for, then one row per feature in the collection's columns. Text that a spreadsheet
// would run as a formula (starting with =, +, -, @, tab or CR) is prefixed
// with an apostrophe.
type CSVWriter struct {
	cols []features.Column
	bw   *bufio.Writer
	w    *csv.Writer
	row  []string
}

// NewCSV returns a writer of the columns cols to w; it writes the header
// row at once, and the hashtag row if hxl. GIS tools read the hashtag row
// as a first record (a latitude "#geo+lat", every number turned to text):
// only HXL tools want it.
func NewCSV(w io.Writer, cols []features.Column, hxl bool) (*CSVWriter, error) {
	if len(cols) == 0 {
		return nil, ErrNoCSV
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	c := &CSVWriter{cols: cols, bw: bw, w: csv.NewWriter(bw), row: make([]string, len(cols))}
	for i, col := range cols {
		c.row[i] = col.Header
	}
	if err := c.w.Write(c.row); err != nil {
		return nil, fmt.Errorf("encode: csv: %w", err)
	}
	if !hxl {
		return c, nil
	}
	for i, col := range cols {
		c.row[i] = col.Tag
	}
	if err := c.w.Write(c.row); err != nil {
		return nil, fmt.Errorf("encode: csv: %w", err)
	}
	return c, nil
}

// Write implements Writer.
func (c *CSVWriter) Write(f *features.Feature) error {
	for i, col := range c.cols {
		switch col.Prop {
		case "@id":
			c.row[i] = safeCell(f.ID)
		case "@lon", "@lat":
			c.row[i] = ""
			if g, err := f.Geom(); err == nil && g != nil {
				p, ok := g.(orb.Point)
				if !ok {
					p = g.Bound().Center()
				}
				v := p[0]
				if col.Prop == "@lat" {
					v = p[1]
				}
				c.row[i] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		case "@wkt":
			c.row[i] = ""
			if g, err := f.Geom(); err == nil && g != nil {
				c.row[i] = wkt.MarshalString(g)
			}
		default:
			v, _ := f.Prop(col.Prop)
			c.row[i] = safeCell(text(v))
		}
	}
	if err := c.w.Write(c.row); err != nil {
		return fmt.Errorf("encode: csv: %w", err)
	}
	return nil
}

// Close implements Writer.
func (c *CSVWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("encode: csv: %w", err)
	}
	return c.bw.Flush()
}

// text renders a property value as plain text; lists are joined with ";".
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []string:
		return strings.Join(x, ";")
	}
	return fmt.Sprint(v)
}

// safeCell defuses text a spreadsheet would evaluate as a formula.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}
