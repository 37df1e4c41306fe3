// Package agreements holds the ceasefire's terms as records: agreements and
// their versions with the co-chairs' agreement to each, obligations as
// checkable rules tied to agreed zones and times (evaluated by package
// rules) with each party's compliance and its evidence, and safe passages
// and local ceasefires, which open only once every party concerned has
// guaranteed their exact version.
//
// Every change is an entry in the log; the store's projection folds a
// record's entries with Fold, which depends on nothing but the entries.
// Releasability is decided by the service with package access on every
// read: a record, its guarantees and its links are shown only to its
// audience, and the compliance a caller sees is computed from the events
// and protected sites that caller may see (so it discloses no notified
// site and no hidden incident).
//
// Unlike a notification, which is never a permission, a safe passage is
// an explicit consent: its status may become open only through
// MissingToOpen returning nothing.
package agreements
