// Package zones keeps the designated areas of the ceasefire: ceasefire
// areas, humanitarian corridors, restricted airspace, protected areas and
// demilitarised zones, as RFC 7946 GeoJSON (Multi)Polygons on WGS 84.
//
// A zone is a sequence of versions. A co-chair party (through a liaison)
// proposes a version; the version is agreed once every co-chair party has
// agreed to that exact version, and it is in force from the later of its
// effective time and the moment the last agreement was recorded. Withdrawal
// and supersession are versions too: the highest agreed version whose
// in-force time has come decides the zone's state (see [Timeline.At]).
// Every version and every agreement is an entry in the log; the tables in
// package store are projections of them.
//
// The rules (who may propose or agree, when a version is in force, which
// zones an incident falls in) live here and are pure; storage is behind the
// [Store] interface.
package zones
