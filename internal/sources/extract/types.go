package extract

import (
	"time"

	"truce/internal/incidents"
)

// Languages the extractor reads, as ISO 639-1 codes.
const (
	English = "en"
	Russian = "ru"
	Arabic  = "ar"
)

// Input is one source text to extract from.
type Input struct {
	// Text is the plain text, UTF-8, at most MaxTextBytes. For a web page
	// call FromHTML first and pass its Doc to ExtractDoc.
	Text string
	// Lang is en, ru or ar; empty means detect it (see DetectLanguage).
	Lang string
	// Publisher names who published the text (a wire service, a ministry).
	Publisher string
	// Published is the publication time. Zero means take it from the
	// text's dateline; relative dates are resolved against it.
	Published time.Time
}

// Result is what Extract found in one text.
type Result struct {
	// Text is the text the spans point into.
	Text      string `json:"-"`
	Lang      string `json:"lang"`
	Publisher string `json:"publisher,omitempty"`
	// Published is the publication date used to resolve relative dates,
	// and PublishedFrom where it came from: "given", "dateline" or
	// "metadata".
	Published     time.Time `json:"published"`
	PublishedFrom string    `json:"published_from"`
	Drafts        []Draft   `json:"drafts"`
}

// Draft is one incident a text describes, as the text describes it. It is
// a proposal for review, never a record.
type Draft struct {
	// Category is the truce category of what happened; Also lists other
	// categories the same sentences name (the means of an attack on a
	// protected site, say).
	Category incidents.Category   `json:"category"`
	Also     []incidents.Category `json:"also,omitempty"`
	// Trigger is the text that named the event ("air strikes").
	Trigger   string     `json:"trigger"`
	Locations []Location `json:"locations"`
	Time      Interval   `json:"time"`
	// Actors are the alleged perpetrators; a draft whose text names none
	// has one actor of kind "unknown".
	Actors     []Actor    `json:"actors"`
	Counts     []Count    `json:"counts,omitempty"`
	Casualties []Casualty `json:"casualties,omitempty"`
	// Spans are the sentences the draft came from, in text order.
	Spans []Span `json:"spans"`
	// Target names the protected site or object hit when the text names
	// one ("hospital"), as written; empty otherwise.
	Target string `json:"target,omitempty"`
}

// Location precisions beyond the gazetteer's town, district and
// governorate: a place "near" or "around" a named one, and a point in a
// direction from it.
const (
	PrecisionNear      = "near"
	PrecisionDirection = "direction"
)

// Location is where a draft says the event happened: a point and a radius
// around it, derived from a gazetteer place.
type Location struct {
	// Text is the phrase as written ("east of Saraqib").
	Text string `json:"text"`
	// PlaceID, PlaceName and Country name the gazetteer place the phrase
	// refers to.
	PlaceID   int    `json:"place_id"`
	PlaceName string `json:"place_name"`
	Country   string `json:"country"`
	// Lat and Lon are the estimated point (shifted by Bearing for a
	// direction); RadiusKM bounds how far the event may be from it.
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	RadiusKM float64 `json:"radius_km"`
	// Precision is town, district, governorate (gazetteer vocabulary),
	// near or direction.
	Precision string `json:"precision"`
	// Bearing is the compass direction (n, ne, e, …) of a direction
	// phrase, empty otherwise.
	Bearing string `json:"bearing,omitempty"`
	Span    Span   `json:"span"`
}

// IncidentPrecision returns the location precision of the incidents
// vocabulary that fits l: its Precision for town, district and
// governorate, "5km" for near and "district" for a direction.
func (l Location) IncidentPrecision() string {
	switch l.Precision {
	case PrecisionNear:
		return "5km"
	case PrecisionDirection:
		return "district"
	}
	return l.Precision
}

// Time precisions of an Interval.
const (
	TimeDay   = "day"   // one calendar day
	TimeDays  = "days"  // a few days ("over the past three days")
	TimeWeek  = "week"  // a week ("last week")
	TimeMonth = "month" // weeks to a month ("in recent weeks")
)

// Interval is when a draft says the event happened: [Start, End) in UTC,
// whole days, with a precision saying how wide the text left it.
type Interval struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Precision string    `json:"precision"`
	// Text is the expression resolved ("on Thursday"), empty when the
	// draft took the default (the publication day and the day before).
	Text string `json:"text,omitempty"`
}

// IncidentPrecision returns the time precision of the incidents
// vocabulary (exact, hour, day, week) that fits iv: day for one day, week
// for anything wider, which is the coarsest the vocabulary has; the
// interval itself keeps the full width.
func (iv Interval) IncidentPrecision() string {
	if iv.Precision == TimeDay {
		return incidents.TimeDay
	}
	return incidents.TimeWeek
}

// Actor is an alleged perpetrator: a member party, a named group, or
// unknown. Kind and Party/Group follow incidents.Perpetrator.
type Actor struct {
	Kind  string `json:"kind"` // party, group or unknown
	Party string `json:"party,omitempty"`
	Group string `json:"group,omitempty"`
	// Text is the phrase as written, empty for an unnamed perpetrator.
	Text string `json:"text,omitempty"`
}

// Perpetrator returns a as an incidents.Perpetrator.
func (a Actor) Perpetrator() incidents.Perpetrator {
	return incidents.Perpetrator{Kind: a.Kind, Party: a.Party, Group: a.Group}
}

// Count is a number of things the text reports ("more than 50 strikes",
// "six bombers"): Min to Max, Max 0 when the text gives no upper bound.
type Count struct {
	Unit string `json:"unit"` // strike, aircraft, rocket, shell, vehicle
	Min  int    `json:"min"`
	Max  int    `json:"max"`
	Text string `json:"text"`
}

// Casualty is a reported casualty figure with its range, as in
// incidents.Casualty: Max 0 when the text gives no upper bound ("at least
// 12").
type Casualty struct {
	Outcome string `json:"outcome"` // killed or injured
	Group   string `json:"group"`   // civilian, combatant or unknown
	Min     int    `json:"min"`
	Max     int    `json:"max"`
	Text    string `json:"text"`
}

// Span is a half-open range of byte offsets into Result.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}
