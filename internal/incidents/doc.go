// Package incidents keeps the reported events of the ceasefire and their
// joint verification.
//
// An incident is reported once (entry incident.reported, carrying every
// field and the SHA-256 of each evidence file) and then assessed: an analyst
// of each co-chair party records a verdict (confirmed, rejected or
// needs_information, with reasoning). The status follows [Decide]:
// reported → under_review → confirmed (all co-chairs confirm), unfounded
// (all reject) or disputed (they disagree). A closed incident can be
// reopened, which starts a new round of assessments; an incident can be
// marked a duplicate of another, keeping both histories; anyone who may see
// an incident and reports, assesses or liaises may comment on it. Every
// change is a log entry whose subject is "incident:<id>", so an incident's
// full history is read back from the log.
//
// Zones are attributed by the rule in package zones: the zones in force at
// the incident's start time that contain or intersect its location. The
// store recomputes attributions when zones change.
//
// Every read path (get, history, search, counts, aggregates, import
// reports) decides visibility with package access; the store may pre-filter
// in SQL, but the service checks every record again and counts only what
// the caller may see.
package incidents
