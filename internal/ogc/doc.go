// Package ogc serves truce's collections as OGC API – Features: Part 1 core
// with the GeoJSON, HTML and OpenAPI 3.0 conformance classes (OGC 17-069r4,
// https://docs.ogc.org/is/17-069r4/17-069r4.html) and Part 3 filtering with
// CQL2 text (OGC 19-079r2 and 21-065r2; see package cql2 for the classes
// implemented).
//
// Every feature comes from package features, whose collections read through
// the domain services that decide releasability: a caller sees, counts and
// filters only what it may see, and a feature it may not see is "not found"
// exactly like one that does not exist.
//
// Query parameters: items take bbox, bbox-crs (CRS84 only), datetime (an
// RFC 3339 instant or date, or an interval with inclusive ends, '..' open; a
// date is the whole UTC day),
// limit (default 10, at most 10,000 served), filter, filter-lang (cql2-text, or the draft's cql-text),
// filter-crs (CRS84 only), cursor (the opaque position of a next link), f
// (json, geojson or html) and access_token (a read-only link token, for a
// client that cannot set an Authorization header; no link this package
// returns carries it, and it is never logged). Any other parameter is a
// 400 naming it, as Part 1 allows for parameters an API does not document.
package ogc
