package sources

import (
	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/sources/extract"
)

// Entry kinds of this domain. The subject of source.submitted is
// "source:<id>", of draft.* "draft:<id>" and of feed.* "feed:<id>".
const (
	KindSubmitted          = "source.submitted"
	KindDraftAccepted      = "draft.accepted"
	KindDraftMerged        = "draft.merged"
	KindDraftDiscarded     = "draft.discarded"
	KindDuplicateLinked    = "draft.duplicate_linked"
	KindDuplicateDismissed = "draft.duplicate_dismissed"
	KindFeedRegistered     = "feed.registered"
	KindFeedPolled         = "feed.polled"
	KindFeedPaused         = "feed.paused"
	KindFeedResumed        = "feed.resumed"
	KindFeedRemoved        = "feed.removed"
)

// EntryKinds returns every entry kind this package appends to the log, in
// a new slice. A kind added to this package MUST be added here: the
// store's projection table is checked against this list.
func EntryKinds() []string {
	return []string{KindSubmitted, KindDraftAccepted, KindDraftMerged, KindDraftDiscarded,
		KindDuplicateLinked, KindDuplicateDismissed, KindFeedRegistered, KindFeedPolled,
		KindFeedPaused, KindFeedResumed, KindFeedRemoved}
}

// SourceSubject, DraftSubject and FeedSubject return the log subject of a
// source, a draft and a feed.
func SourceSubject(id string) string { return "source:" + id }

// DraftSubject returns the log subject of draft id.
func DraftSubject(id string) string { return "draft:" + id }

// FeedSubject returns the log subject of feed id.
func FeedSubject(id string) string { return "feed:" + id }

// Draft statuses: pending until an analyst decides.
const (
	StatusPending   = "pending"
	StatusAccepted  = "accepted"
	StatusMerged    = "merged"
	StatusDiscarded = "discarded"
)

// Statuses lists the draft statuses.
var Statuses = []string{StatusPending, StatusAccepted, StatusMerged, StatusDiscarded}

// Meta describes a source: who published it, where and when, and the
// content-addressed files that hold it.
type Meta struct {
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	Lang      string `json:"lang"`
	// Published is the publication time (RFC 3339), PublishedFrom where it
	// came from: given, dateline or metadata.
	Published     string `json:"published"`
	PublishedFrom string `json:"published_from"`
	// SHA256 names the content as submitted (a page or a text), TextSHA256
	// the plain text the drafts' spans point into, stored as incident
	// evidence (they are equal for a plain text). MediaType is text/plain
	// or text/html.
	SHA256     string `json:"sha256"`
	TextSHA256 string `json:"text_sha256"`
	MediaType  string `json:"media_type"`
	Size       int64  `json:"size"`
	// FeedID names the feed the source was polled from, if any.
	FeedID string `json:"feed_id,omitempty"`
}

// ProposedDraft is one draft as extraction proposed it, with its id.
type ProposedDraft struct {
	ID    string        `json:"id"`
	Draft extract.Draft `json:"draft"`
}

// Submitted is the payload of source.submitted: the source and its drafts
// as computed at submission (replay never extracts again).
type Submitted struct {
	ID     string          `json:"id"`
	Meta   Meta            `json:"meta"`
	Drafts []ProposedDraft `json:"drafts"`
}

// Accepted is the payload of draft.accepted: the incident the draft became.
type Accepted struct {
	DraftID     string `json:"draft_id"`
	IncidentID  string `json:"incident_id"`
	Reliability string `json:"reliability"`
	Credibility int    `json:"credibility"`
	Edited      bool   `json:"edited"`
}

// Merged is the payload of draft.merged: the existing incident the draft
// was folded into.
type Merged struct {
	DraftID    string `json:"draft_id"`
	IncidentID string `json:"incident_id"`
	// Source is the source attached to the incident, rated by the
	// analyst, and Evidence its text; absent from merges logged before
	// sources were attached.
	Source   *incidents.Source     `json:"source,omitempty"`
	Evidence incidents.EvidenceRef `json:"evidence,omitzero"`
}

// Discarded is the payload of draft.discarded.
type Discarded struct {
	DraftID string `json:"draft_id"`
	Reason  string `json:"reason"`
}

// DuplicateDecided is the payload of draft.duplicate_linked and
// draft.duplicate_dismissed: the analyst's decision on one suggested
// duplicate, with the score and reasons shown.
type DuplicateDecided struct {
	DraftID    string   `json:"draft_id"`
	IncidentID string   `json:"incident_id"`
	Score      float64  `json:"score"`
	Reasons    []string `json:"reasons"`
}

// FeedRegistered is the payload of feed.registered.
type FeedRegistered struct {
	ID              string `json:"id"`
	URL             string `json:"url"`
	IntervalSeconds int    `json:"interval_seconds"`
	Publisher       string `json:"publisher,omitempty"`
	Lang            string `json:"lang,omitempty"`
}

// FeedPolled is the payload of feed.polled: when a feed was read, how many
// new items it gave, and the error that cut the poll ("" if none).
type FeedPolled struct {
	ID     string `json:"id"`
	Polled string `json:"polled"`
	New    int    `json:"new"`
	Error  string `json:"error,omitempty"`
}

// FeedStatusChanged is the payload of feed.paused, feed.resumed and
// feed.removed: the feed and why (may be empty).
type FeedStatusChanged struct {
	ID     string `json:"id"`
	Reason string `json:"reason,omitempty"`
}

// The statuses of a feed: only an active feed is polled; a removed one
// never is again, and keeps its record and the sources it gave.
const (
	FeedActive  = "active"
	FeedPaused  = "paused"
	FeedRemoved = "removed"
)

// Source is a source as a caller may see it.
type Source struct {
	ID        string               `json:"id"`
	Party     string               `json:"party"`
	Author    string               `json:"author"`
	Submitted string               `json:"submitted"`
	Release   access.Releasability `json:"releasability"`
	Meta
	// Text is the plain text the drafts' spans point into (GET of one
	// source only).
	Text   string  `json:"text,omitempty"`
	Drafts []Draft `json:"drafts"`
	Seq    int64   `json:"seq"`
}

// Decision is what an analyst decided on a draft.
type Decision struct {
	By     string `json:"by"`
	Party  string `json:"party"`
	Time   string `json:"time"`
	Reason string `json:"reason,omitempty"`
}

// Duplicate is a suggested duplicate of a draft: an incident the caller
// may see, with the score, distance, gap and reasons of extract.Match, and
// the decision on it ("", linked or dismissed).
type Duplicate struct {
	extract.Match
	Decision string `json:"decision,omitempty"`
}

// Draft is a draft incident as a caller may see it.
type Draft struct {
	ID       string               `json:"id"`
	SourceID string               `json:"source_id"`
	Party    string               `json:"party"`
	Release  access.Releasability `json:"releasability"`
	Status   string               `json:"status"`
	Proposal extract.Draft        `json:"proposal"`
	// IncidentID is the incident the draft became (accepted) or was
	// merged into.
	IncidentID string    `json:"incident_id,omitempty"`
	Decision   *Decision `json:"decision,omitempty"`
	// Duplicates are the decided duplicates, and on GET of one draft the
	// suggestions too.
	Duplicates []Duplicate `json:"duplicates"`
	// Seq is the last entry that changed the draft (its ETag); N is the
	// sequence number of its source.submitted entry.
	Seq int64 `json:"seq"`
	N   int64 `json:"-"`
}

// Feed is a registered feed as a caller may see it.
type Feed struct {
	ID      string               `json:"id"`
	Party   string               `json:"party"`
	Author  string               `json:"author"`
	Release access.Releasability `json:"releasability"`
	FeedRegistered
	Created    string `json:"created"`
	LastPolled string `json:"last_polled,omitempty"`
	LastError  string `json:"last_error,omitempty"`
	Items      int    `json:"items"`
	// Status is active, paused or removed; StatusChanged and StatusReason
	// say when and why it last changed (empty while never changed).
	Status        string `json:"status"`
	StatusChanged string `json:"status_changed,omitempty"`
	StatusReason  string `json:"status_reason,omitempty"`
	Seq           int64  `json:"seq"`
}
