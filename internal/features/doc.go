// Package features presents truce's records as collections of geographic
// features — zones, incidents, sites, movements, alerts, flights and safe
// passages — for OGC API – Features (package ogc) and the GeoJSON, KML and
// CSV exports (package features/encode).
//
// Every collection reads through its domain service's list and get
// functions, which decide releasability in package access; this package
// never reads the store. Collections are streamed: Each yields one feature
// at a time while walking the service's keyset pages (incidents newest
// first; sites, movements, alerts and flights by id, through the services'
// Page methods), so every record a caller may see is served and a listing
// of a million incidents needs constant memory. Zones are the exception:
// the zones service lists them all at once.
package features
