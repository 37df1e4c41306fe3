// Package stix writes and reads STIX 2.1 bundles (OASIS, "STIX Version 2.1",
// https://docs.oasis-open.org/cti/stix/v2.1/stix-v2.1.html) for truce's
// incidents, with TLP 2.0 data markings.
//
// An incident is exported as an incident SDO carrying truce's fields in the
// property extension [ExtensionID], a location SDO (latitude, longitude and
// precision in metres) related to it by a located-at relationship, the
// reporting party as an identity, each joint assessment as an opinion and
// each source as a note. Every id is a UUIDv5 of the truce record it comes
// from (see [ID]), so exporting twice yields the same ids and importing a
// bundle twice creates nothing new.
//
// Releasability maps to the TLP 2.0 marking definitions published by OASIS
// (extension extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d,
// fixed ids, see [TLPMarking]). An AMBER, AMBER+STRICT or RED record with a
// named audience carries, besides its TLP marking, a statement marking
// naming the audience (see [AudienceMarking]); the audience is also in the
// extension so that truce can read it back.
//
// [Writer] streams a bundle: objects are written as they are produced and
// only the ids of shared objects (identities, markings) are remembered.
// [ReadBundle] parses a bundle with size limits and reports every bad object
// by id and field.
package stix
