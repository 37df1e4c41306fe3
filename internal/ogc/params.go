package ogc

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/features"
	"truce/internal/ogc/cql2"
)

// ParamError is a bad query parameter: the API answers 400 naming it.
type ParamError struct {
	Param string
	Msg   string
	// Pos is the 1-based character of the filter where it goes wrong (0
	// for other parameters).
	Pos int
}

// Error says which parameter is wrong and why.
func (e *ParamError) Error() string { return fmt.Sprintf("query parameter %s: %s", e.Param, e.Msg) }

// Limits of the items page size.
const (
	DefaultLimit = 10
	MaxLimit     = 10_000
)

// CRS84 is the only coordinate reference system served.
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// checkParams rejects parameters outside allowed.
func checkParams(q url.Values, allowed ...string) error {
	for k := range q {
		if !contains(allowed, k) {
			return &ParamError{Param: k, Msg: fmt.Sprintf("is not a parameter of this resource; use %s", strings.Join(allowed, ", "))}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ParseBBox parses an OGC bbox, minLon,minLat,maxLon,maxLat (or the 6-number
// 3D form). A box crossing the antimeridian (minLon > maxLon) is refused.
func ParseBBox(s string) (*orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, &ParamError{Param: "bbox", Msg: "must be minLon,minLat,maxLon,maxLat (4 numbers, or 6 with heights)"}
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, &ParamError{Param: "bbox", Msg: fmt.Sprintf("value %q is not a number", p)}
		}
		n[i] = x
	}
	if len(n) == 6 {
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	if n[0] < -180 || n[2] > 180 || n[1] < -90 || n[3] > 90 || n[0] > n[2] || n[1] > n[3] {
		return nil, &ParamError{Param: "bbox", Msg: "must satisfy -180 ≤ minLon ≤ maxLon ≤ 180 and -90 ≤ minLat ≤ maxLat ≤ 90"}
	}
	return &orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}}, nil
}

// ParseDatetime parses an OGC datetime: an RFC 3339 instant, or an interval
// start/end where either end may be ".." or empty (open). Both ends are
// inclusive. A date without a time (2016-07-10, taken in UTC) stands for
// the whole day: as a start it is the day's first instant, as an end its
// last (23:59:59.999999999), and alone it is the interval of that day.
func ParseDatetime(s string) (from, to *time.Time, err error) {
	bad := func(v string) error {
		return &ParamError{Param: "datetime", Msg: fmt.Sprintf("%q is not an RFC 3339 time such as 2016-07-10T00:00:00Z or a date such as 2016-07-10; give an instant, or an interval start/end with .. for an open end", v)}
	}
	// parse returns the instant v names, or for a date its first and
	// last instants.
	parse := func(v string) (first, last *time.Time, err error) {
		if v == ".." || v == "" {
			return nil, nil, nil
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			d, err2 := time.Parse(time.DateOnly, v)
			if err2 != nil {
				return nil, nil, bad(v)
			}
			end := d.AddDate(0, 0, 1).Add(-time.Nanosecond)
			return &d, &end, nil
		}
		t = t.UTC()
		return &t, &t, nil
	}
	a, b, interval := strings.Cut(s, "/")
	first, last, err := parse(a)
	if err != nil {
		return nil, nil, err
	}
	if !interval {
		if first == nil {
			return nil, nil, bad(s)
		}
		return first, last, nil
	}
	from = first
	if _, to, err = parse(b); err != nil {
		return nil, nil, err
	}
	if from != nil && to != nil && to.Before(*from) {
		return nil, nil, &ParamError{Param: "datetime", Msg: "the interval ends before it starts"}
	}
	return from, to, nil
}

// ParseLimit parses limit: DefaultLimit if empty; a limit above MaxLimit
// is served as MaxLimit, as OGC API – Features reads it (the server may
// return fewer items than asked; opengeospatial/ogcapi-features#640); zero,
// a negative number or anything but an integer is a 400.
func ParseLimit(s string) (int, error) {
	l := itemsListing("")
	if v, err := strconv.Atoi(s); err == nil && v > MaxLimit {
		return MaxLimit, nil
	}
	n, err := l.Limit(s)
	if err != nil {
		return 0, &ParamError{Param: "limit", Msg: fmt.Sprintf("must be an integer of at least 1 (at most %d are served)", MaxLimit)}
	}
	if n == 0 {
		n = l.Default
	}
	return n, nil
}

// ParseFilter parses a CQL2 text filter against the queryables of info.
func ParseFilter(q url.Values, info features.Info) (cql2.Expr, error) {
	// cql-text is the draft's name of cql2-text, the only one GDAL 3.6
	// knows: accepting it lets GDAL send its filters to the server.
	if l := q.Get("filter-lang"); l != "" && l != "cql2-text" && l != "cql-text" {
		return nil, &ParamError{Param: "filter-lang", Msg: "only cql2-text (or its draft name cql-text) is supported"}
	}
	if c := q.Get("filter-crs"); c != "" && c != CRS84 {
		return nil, &ParamError{Param: "filter-crs", Msg: "only " + CRS84 + " is supported"}
	}
	src := q.Get("filter")
	if src == "" {
		return nil, nil
	}
	e, err := cql2.Parse(src, features.QueryablesOf(info))
	if err != nil {
		pe := &ParamError{Param: "filter", Msg: strings.TrimPrefix(err.Error(), "filter: ")}
		if se, ok := err.(*cql2.SyntaxError); ok {
			pe.Pos = se.Pos
		}
		return nil, pe
	}
	return e, nil
}

// ParseQuery reads the items parameters shared by /ogc and the exports:
// bbox, bbox-crs, datetime and filter (with filter-lang and filter-crs).
func ParseQuery(q url.Values, info features.Info) (*features.Query, error) {
	var out features.Query
	var err error
	if s := q.Get("bbox"); s != "" {
		if out.BBox, err = ParseBBox(s); err != nil {
			return nil, err
		}
	}
	if c := q.Get("bbox-crs"); c != "" && c != CRS84 {
		return nil, &ParamError{Param: "bbox-crs", Msg: "only " + CRS84 + " is supported"}
	}
	if s := q.Get("datetime"); s != "" {
		if out.From, out.To, err = ParseDatetime(s); err != nil {
			return nil, err
		}
	}
	if out.Filter, err = ParseFilter(q, info); err != nil {
		return nil, err
	}
	return &out, nil
}
