package incidents

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"truce/internal/access"
	"truce/internal/geo"
)

// ImportFields lists the fields a CSV column or GeoJSON property may map
// to. A row's casualty columns give one figure (of casualty_group,
// "unknown" by default) per outcome; its source columns give one source.
var ImportFields = []string{"external_id", "category", "time_start", "time_end", "time_precision", "lon", "lat",
	"location", "location_precision", "place_name", "perpetrator", "narrative", "killed_min", "killed_max",
	"injured_min", "injured_max", "casualty_group", "casualty_source", "source_name", "source_reliability",
	"source_credibility", "tlp", "audience"}

// MaxImportRows is the most rows one import may hold.
const MaxImportRows = 100_000

// Row is one parsed import row: its 1-based number (the CSV line after the
// header, or the feature index + 1) and the incident it describes.
type Row struct {
	Row      int
	Incident NewIncident
	// columns maps field paths of NewIncident back to the source column.
	columns map[string]string
}

// RowError names a bad row, column and the reason.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// Mapping maps import fields to the CSV columns or GeoJSON properties that
// hold them; a field missing from it is read from the column of its own
// name.
type Mapping map[string]string

// ParseMapping parses "field=column,field=column". It returns an error
// naming an unknown field.
func ParseMapping(s string) (Mapping, error) {
	m := Mapping{}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		f, c, ok := strings.Cut(part, "=")
		f, c = strings.TrimSpace(f), strings.TrimSpace(c)
		if !ok || c == "" {
			return nil, fmt.Errorf("mapping %q is not field=column", part)
		}
		if !slices.Contains(ImportFields, f) {
			return nil, fmt.Errorf("mapping names unknown field %q; fields are %v", f, ImportFields)
		}
		m[f] = c
	}
	return m, nil
}

func (m Mapping) column(field string) string {
	if c, ok := m[field]; ok {
		return c
	}
	return field
}

// exportAliases are the columns of truce's own exports (CSV and GeoJSON
// properties) that hold an import field under another name: a field that
// is not mapped and whose own column is absent is read from its alias, so
// an export imports without a mapping. The export's id becomes the
// external id.
var exportAliases = map[string]string{"lon": "longitude", "lat": "latitude", "killed_min": "killed",
	"injured_min": "injured", "external_id": "id"}

// lookup returns the column that holds field among those has reports
// present: the mapped (or same-named) column, else the export alias.
func (m Mapping) lookup(field string, has func(string) bool) string {
	c := m.column(field)
	if _, mapped := m[field]; mapped || has(c) {
		return c
	}
	if a, ok := exportAliases[field]; ok && has(a) {
		return a
	}
	return c
}

// isHXL reports whether rec is an HXL hashtag row: every non-empty cell
// starts with '#', and one at least is not empty.
func isHXL(rec []string) bool {
	tags := 0
	for _, c := range rec {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !strings.HasPrefix(c, "#") {
			return false
		}
		tags++
	}
	return tags > 0
}

// unescapeCell undoes the formula defusing of truce's CSV export: a cell
// that starts with ' followed by =, +, -, @, a tab or a CR, and that is not
// a number, loses the '.
func unescapeCell(s string) string {
	if len(s) < 2 || s[0] != '\'' {
		return s
	}
	switch s[1] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s[1:], 64); err != nil {
			return s[1:]
		}
	}
	return s
}

// ParseCSV reads a CSV file with a header row. Rows that cannot be turned
// into a NewIncident (a number that is not one, a malformed location) are
// reported as RowErrors; validation proper happens later. It fails only if
// the file is not CSV at all, has no header, or has too many rows.
//
// It reads truce's own CSV export as it is: an HXL hashtag row (every
// non-empty cell starting with '#') is skipped wherever it appears (it
// keeps its row number), the export's columns stand in for the import
// fields they hold (longitude, latitude, killed, injured, and id as the
// external id; see exportAliases) when those fields are neither mapped nor
// present, and the export's formula defusing (a leading ') is undone. The
// geometry_wkt column is not read: an area comes back as its centre point.
func ParseCSV(r io.Reader, m Mapping) ([]Row, []RowError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("import: CSV header: %w", err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	hasColumn := func(c string) bool { _, ok := idx[c]; return ok }
	var rows []Row
	var errs []RowError
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, RowError{Row: n, Reason: pe.Err.Error()})
				continue
			}
			return nil, nil, fmt.Errorf("import: CSV: %w", err)
		}
		if n > MaxImportRows {
			return nil, nil, fmt.Errorf("import: more than %d rows; split the file", MaxImportRows)
		}
		if isHXL(rec) {
			continue
		}
		get := func(field string) string {
			if i, ok := idx[m.lookup(field, hasColumn)]; ok && i < len(rec) {
				return strings.TrimSpace(unescapeCell(strings.TrimSpace(rec[i])))
			}
			return ""
		}
		row, rerr := buildRow(n, get, nil, m)
		if rerr != nil {
			errs = append(errs, *rerr)
			continue
		}
		rows = append(rows, row)
	}
	return rows, errs, nil
}

// ParseGeoJSON reads a GeoJSON FeatureCollection whose features have a
// Point or Polygon geometry and properties named as ImportFields (or
// mapped; truce's own export properties killed and injured stand in for
// killed_min and injured_min, as in ParseCSV). It fails only if the input
// is not a FeatureCollection read strictly by geo.DecodeObject (no
// duplicate or foreign members, nothing after the document).
func ParseGeoJSON(r io.Reader, m Mapping) ([]Row, []RowError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("import: GeoJSON: %w", err)
	}
	fc, err := geo.DecodeObject(data)
	if err != nil {
		return nil, nil, fmt.Errorf("import: GeoJSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, nil, fmt.Errorf("import: GeoJSON: expected a FeatureCollection, found type %q", fc.Type)
	}
	if len(fc.Features) > MaxImportRows {
		return nil, nil, fmt.Errorf("import: more than %d features; split the file", MaxImportRows)
	}
	var rows []Row
	var errs []RowError
	for i, raw := range fc.Features {
		n := i + 1
		ft, err := geo.DecodeObject(raw)
		if err != nil {
			errs = append(errs, RowError{Row: n, Reason: "not a GeoJSON Feature: " + err.Error()})
			continue
		}
		if ft.Type != "Feature" {
			errs = append(errs, RowError{Row: n, Reason: fmt.Sprintf("type %q is not Feature", ft.Type)})
			continue
		}
		has := func(c string) bool { _, ok := ft.Properties[c]; return ok }
		get := func(field string) string {
			raw, ok := ft.Properties[m.lookup(field, has)]
			if !ok || string(raw) == "null" {
				return ""
			}
			var s string
			if json.Unmarshal(raw, &s) == nil {
				return strings.TrimSpace(s)
			}
			return strings.TrimSpace(string(raw)) // numbers as written
		}
		row, rerr := buildRow(n, get, ft.Geometry, m)
		if rerr != nil {
			errs = append(errs, *rerr)
			continue
		}
		rows = append(rows, row)
	}
	return rows, errs, nil
}

// buildRow turns one row's values into a NewIncident.
func buildRow(n int, get func(string) string, geometry json.RawMessage, m Mapping) (Row, *RowError) {
	bad := func(field, format string, args ...any) *RowError {
		return &RowError{Row: n, Column: m.column(field), Reason: fmt.Sprintf(format, args...)}
	}
	in := NewIncident{ExternalID: get("external_id"), Category: Category(get("category")),
		Time:              TimeSpan{Start: get("time_start"), End: get("time_end"), Precision: get("time_precision")},
		LocationPrecision: get("location_precision"), PlaceName: get("place_name"), Narrative: get("narrative")}
	switch {
	case len(geometry) > 0 && string(geometry) != "null":
		in.Location = geometry
	case get("location") != "":
		in.Location = json.RawMessage(get("location"))
	case get("lon") != "" || get("lat") != "":
		lon, err1 := strconv.ParseFloat(get("lon"), 64)
		if err1 != nil {
			return Row{}, bad("lon", "%q is not a number", get("lon"))
		}
		lat, err2 := strconv.ParseFloat(get("lat"), 64)
		if err2 != nil {
			return Row{}, bad("lat", "%q is not a number", get("lat"))
		}
		in.Location, _ = json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
	}
	switch p := get("perpetrator"); {
	case p == "" || p == "unknown":
		in.Perpetrator = Perpetrator{Kind: "unknown"}
	case strings.HasPrefix(p, "party:"):
		in.Perpetrator = Perpetrator{Kind: "party", Party: strings.TrimPrefix(p, "party:")}
	case strings.HasPrefix(p, "group:"):
		in.Perpetrator = Perpetrator{Kind: "group", Group: strings.TrimPrefix(p, "group:")}
	default:
		return Row{}, bad("perpetrator", "%q is not unknown, party:<id> or group:<name>", p)
	}
	group := get("casualty_group")
	if group == "" {
		group = "unknown"
	}
	for _, outcome := range []string{"killed", "injured"} {
		lo, hi := get(outcome+"_min"), get(outcome+"_max")
		if lo == "" && hi == "" {
			continue
		}
		if hi == "" {
			hi = lo
		}
		a, err := strconv.Atoi(lo)
		if err != nil {
			return Row{}, bad(outcome+"_min", "%q is not a whole number", lo)
		}
		b, err := strconv.Atoi(hi)
		if err != nil {
			return Row{}, bad(outcome+"_max", "%q is not a whole number", hi)
		}
		in.Casualties = append(in.Casualties, Casualty{Outcome: outcome, Group: group, Min: a, Max: b, Source: get("casualty_source")})
	}
	if name := get("source_name"); name != "" {
		cred, err := strconv.Atoi(get("source_credibility"))
		if err != nil {
			return Row{}, bad("source_credibility", "%q is not an Admiralty credibility 1–6", get("source_credibility"))
		}
		in.Sources = []Source{{Name: name, Reliability: get("source_reliability"), Credibility: cred}}
	}
	if tlp := get("tlp"); tlp != "" {
		rel := releasability(tlp, get("audience"))
		in.Releasability = &rel
	}
	cols := map[string]string{
		"external_id": "external_id", "category": "category", "time.start": "time_start", "time.end": "time_end",
		"time.precision": "time_precision", "location": "location", "location_precision": "location_precision",
		"place_name": "place_name", "narrative": "narrative", "perpetrator.party": "perpetrator",
		"perpetrator.group": "perpetrator", "perpetrator.kind": "perpetrator", "releasability.tlp": "tlp",
		"releasability.audience": "audience", "sources[0].name": "source_name",
		"sources[0].reliability": "source_reliability", "sources[0].credibility": "source_credibility",
	}
	if len(in.Location) > 0 && get("location") == "" && len(geometry) == 0 {
		cols["location"] = "lon"
	}
	for k, v := range cols {
		cols[k] = m.column(v)
	}
	return Row{Row: n, Incident: in, columns: cols}, nil
}

// column returns the source column of a validation error's field.
func (r *Row) column(field string) string {
	if c, ok := r.columns[field]; ok {
		return c
	}
	for prefix, c := range r.columns {
		if strings.HasPrefix(field, prefix+"/") || strings.HasPrefix(field, prefix+".") {
			return c
		}
	}
	if strings.HasPrefix(field, "casualties") {
		return "casualties (killed_*/injured_*/casualty_*)"
	}
	return field
}

// Format guesses the import format from a media type or file name:
// "csv" or "geojson", "" if unknown.
func Format(mediaTypeOrName string) string {
	s := strings.ToLower(mediaTypeOrName)
	switch {
	case strings.Contains(s, "csv"):
		return "csv"
	case strings.Contains(s, "json"):
		return "geojson"
	}
	return ""
}

// Parse parses data in format ("csv" or "geojson") with mapping m.
func Parse(format string, data []byte, m Mapping) ([]Row, []RowError, error) {
	switch format {
	case "csv":
		return ParseCSV(bytes.NewReader(data), m)
	case "geojson":
		return ParseGeoJSON(bytes.NewReader(data), m)
	}
	return nil, nil, fmt.Errorf("import: unknown format %q; use csv or geojson", format)
}

// releasability builds a releasability from a TLP label and a
// semicolon- or space-separated audience.
func releasability(tlp, audience string) access.Releasability {
	r := access.Releasability{TLP: access.TLP(strings.ToUpper(tlp))}
	for _, p := range strings.FieldsFunc(audience, func(c rune) bool { return c == ';' || c == ' ' || c == '|' }) {
		r.Audience = append(r.Audience, p)
	}
	return r
}
