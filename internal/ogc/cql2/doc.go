// Package cql2 parses and evaluates filters in CQL2 text, the Common Query
// Language of OGC API – Features Part 3 (OGC 21-065, https://docs.ogc.org/is/21-065r2/21-065r2.html).
//
// It implements the conformance classes basic-cql2 (comparisons, AND, OR,
// NOT, IS NULL), advanced-comparison-operators (LIKE, BETWEEN, IN),
// basic-spatial-functions and basic-spatial-functions-plus (S_INTERSECTS
// with WKT POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING,
// MULTIPOLYGON, GEOMETRYCOLLECTION and BBOX literals), and, beyond those,
// T_INTERSECTS with TIMESTAMP, DATE and INTERVAL literals (open ends written
// '..'; a date as the end of an INTERVAL includes that day, while DATE('…')
// is the day's first instant). Logic is two-valued: a predicate on a null or absent property is
// false. Every error is a *SyntaxError that says at which character of the
// filter it is wrong.
package cql2
