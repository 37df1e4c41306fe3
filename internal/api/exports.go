package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"truce/internal/fault"
	"truce/internal/features"
	"truce/internal/features/encode"
	"truce/internal/ogc"
)

// exportParams are the parameters every export takes; exportFilters the
// list filters each collection adds (the incidents' are those of
// GET /api/v1/incidents).
var (
	exportParams  = []string{"format", "bbox", "bbox-crs", "datetime", "filter", "filter-lang", "filter-crs"}
	exportFilters = map[string][]string{
		"incidents": {"from", "to", "category", "status", "zone", "perpetrator", "party", "q"},
		"zones":     {"status", "kind"},
		"sites":     {"status", "party", "kind"},
		"movements": {"status", "party", "cargo"},
		"alerts":    {"status", "kind", "severity"},
		"flights":   {"status", "party"},
	}
)

// exportCollection streams a collection as a GeoJSON, KML or CSV file:
// GET /api/v1/exports/{collection}?format=geojson|kml|csv with bbox,
// datetime, a CQL2 filter and the collection's list filters. It holds one
// feature at a time in memory, whatever the size of the collection.
func (s *Server) exportCollection(w http.ResponseWriter, r *http.Request) {
	reg := s.features
	c, err := reg.Collection(r.PathValue("collection"))
	if err != nil {
		s.writeFeatureError(w, r, err)
		return
	}
	info := c.Info()
	q := r.URL.Query()
	allowed := append(append([]string{}, exportParams...), exportFilters[info.ID]...)
	for k := range q {
		if !contains(allowed, k) {
			s.writeFeatureError(w, r, &ogc.ParamError{Param: k, Msg: fmt.Sprintf("is not a parameter of this export; use %v", allowed)})
			return
		}
	}
	format := encode.Format(q.Get("format"))
	if format == "" {
		format = encode.GeoJSON
	}
	if !contains(encode.Formats, format) {
		s.writeFeatureError(w, r, &ogc.ParamError{Param: "format", Msg: "must be geojson, kml, csv, hxl (CSV with an HXL hashtag row) or csvt (GDAL's column types of the CSV)"})
		return
	}
	if format.Tabular() && info.Columns == nil {
		s.writeFeatureError(w, r, &ogc.ParamError{Param: "format", Msg: encode.ErrNoCSV.Error() + "; export " + info.ID + " as geojson or kml"})
		return
	}
	query, err := exportQuery(q, info)
	if err != nil {
		s.writeFeatureError(w, r, err)
		return
	}
	by := principal(r)
	h := w.Header()
	h.Set("Content-Type", format.MediaType())
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="truce-%s-%s.%s"`, info.ID, time.Now().UTC().Format("20060102T150405Z"), format.Extension()))
	h.Set("Cache-Control", "no-store")
	enc, err := encode.NewWriter(w, format, info)
	if err != nil {
		s.writeFeatureError(w, r, err)
		return
	}
	if format == encode.CSVT { // the columns' types, the same for every caller: no feature is read
		_ = enc.Close()
		return
	}
	n := 0
	err = reg.Each(r.Context(), by, info.ID, query, func(f *features.Feature) error {
		n++
		s.deps.Auditor.Record(by, f.Owner, f.Release, info.ID, f.ID, "export")
		return enc.Write(f)
	})
	if err != nil && n == 0 {
		h.Del("Content-Disposition")
		var inv *fault.InvalidError
		if errors.As(err, &inv) {
			err = &ogc.ParamError{Param: inv.Field, Msg: inv.Reason}
		}
		s.writeFeatureError(w, r, err)
		return
	}
	if err != nil {
		s.log.WarnContext(r.Context(), "export interrupted", "collection", info.ID, "features", n, "err", err)
		return // the body is cut short: the document does not parse, so it is not mistaken for complete
	}
	if err := enc.Close(); err != nil {
		s.log.DebugContext(r.Context(), "export: write", "err", err)
	}
}

// exportQuery reads the query of an export: the OGC parameters and the
// collection's list filters.
func exportQuery(q url.Values, info features.Info) (*features.Query, error) {
	query, err := ogc.ParseQuery(q, info)
	if err != nil {
		return nil, err
	}
	if info.ID == "incidents" {
		lf := url.Values{}
		for _, k := range exportFilters["incidents"] {
			if v, ok := q[k]; ok {
				lf[k] = v
			}
		}
		f, err := parseFilter(lf)
		if err != nil {
			return nil, err
		}
		query.Incidents = &f
		return query, nil
	}
	for _, k := range exportFilters[info.ID] {
		if v := q.Get(k); v != "" {
			if query.Equal == nil {
				query.Equal = map[string]string{}
			}
			query.Equal[k] = v
		}
	}
	return query, nil
}

func contains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}
