// Package access decides who may do and see what in truce: parties, users,
// roles, credentials and releasability.
//
// Releasability follows the FIRST Traffic Light Protocol 2.0
// (https://www.first.org/tlp/) with an explicit audience of parties. It is
// decided here and only here: every read path (API, stream, exports, search,
// counts, OGC API, federation) asks [Releasability.VisibleTo] or
// [Principal.CanSee] before it releases a record.
package access
