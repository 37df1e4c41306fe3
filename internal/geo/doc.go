// Package geo decodes, validates and measures the geometry that truce accepts
// from untrusted parties: zones, incident locations, protected sites, routes
// and airspace reservations.
//
// Decoding follows RFC 7946 (GeoJSON) strictly for the geometry types Point,
// LineString, Polygon and MultiPolygon: positions are [longitude, latitude]
// or [longitude, latitude, altitude] on WGS 84; an altitude is accepted and
// discarded. Polygon validity follows the OGC Simple Features model (ISO
// 19125-1 §6.1.11): rings are closed and simple, holes lie inside their shell
// and touch it or each other at isolated points only, the interior is
// connected, and the polygons of a MultiPolygon do not overlap. Every failure
// is a *ValidationError naming the offending element by a JSON-pointer-like
// path. Decoded polygons are normalised to the RFC 7946 winding order
// (exterior rings counter-clockwise, holes clockwise) with consecutive
// duplicate vertices removed. Geometry crossing the antimeridian is rejected.
//
// All work is bounded by Limits: a decode never recurses deeper than the
// geometry type requires, never holds more than Limits.MaxVertices positions,
// and the self-intersection test gives up with CodeTooComplex rather than
// running for long on adversarial input.
//
// Measures are in metres on the WGS 84 ellipsoid (Distance uses Lambert's
// ellipsoidal correction, accurate to a few metres per 1,000 km); predicates
// treat lines between positions as straight in longitude/latitude, as RFC
// 7946 §3.1.1 specifies; local planar work (flight deconfliction) uses
// deconflict.Projection, the one projection of the plane. Index is a packed
// R-tree of bounding boxes answering "which of these zones may meet this
// geometry", before the caller's exact test.
//
// Geometries are github.com/paulmach/orb values so that they interoperate with
// orb's encoders; this package never mutates a geometry it is given.
package geo
