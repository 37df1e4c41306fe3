// Package sources is the open-source intake of truce (issue #22): wire
// reports, ministry statements and news items submitted by analysts or
// polled from RSS and Atom feeds, stored content-addressed and logged, with
// the draft incidents package extract proposes for them, and the review
// queue in which an analyst accepts, edits, merges or discards each draft.
//
// Every change is an entry of the log (the kinds of EntryKinds); the
// tables of package store are projections of them. A source and its
// drafts carry the submitter's releasability (TLP 2.0 and audience), which
// every read path checks with package access.
//
// # Boundary
//
// Drafts are allegations attributed to their source; nothing enters the
// record of incidents until an analyst accepts it. Nothing here scores,
// ranks or proposes anything as a target: duplicate suggestions only say
// that two reports may describe the same past event.
package sources
