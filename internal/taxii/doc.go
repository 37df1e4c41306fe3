// Package taxii serves truce's incidents over TAXII 2.1 (OASIS, "TAXII
// Version 2.1", https://docs.oasis-open.org/cti/taxii/v2.1/taxii-v2.1.html),
// so that threat-intelligence platforms (OpenCTI, MISP and others) poll
// truce and push to it with their own TAXII clients.
//
// The server has one API root, [RootPath], with one collection of
// incidents. Its objects are those of the STIX 2.1 export (package stix):
// each incident the caller may see, with its location, relationship,
// identities, markings, opinions and notes. An incident's objects are
// added to the collection when the log entry that last changed it was
// appended; that entry's time is their date_added, so a client that polls
// with added_after sees each change once, in log order. Only the current
// version of each object is served.
//
// Releasability is decided per caller, per incident, by the incidents
// service (package access): a caller never gets an object, a manifest
// entry or a page boundary that depends on an incident it may not see.
// Paging follows package listing: next is an opaque cursor that names the
// last object the caller was shown, and more is true exactly when at least
// one more object the caller may see follows.
//
// POST to the collection's objects imports the envelope's incident objects
// through the STIX import (stix.Incidents), all or nothing, as reports of
// the caller's party; the answer is a status resource that is complete at
// once.
package taxii
