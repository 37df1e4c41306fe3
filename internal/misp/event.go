// Package misp writes truce's incidents as a MISP feed: a manifest of
// events and one event document per incident, in the MISP core format
// (MISP Project, "MISP core format", draft-dulaunoy-misp-core-format,
// https://www.misp-project.org/datamodels/) that MISP instances consume
// as a "MISP feed".
//
// An incident becomes one event: its info is the incident's name, its
// date the day the incident began, its threat level "4" (undefined: truce
// never assesses threat), its analysis from the incident's status, and its
// tags the TLP 2.0 label (MISP's tlp taxonomy), each party of the
// audience and the status. Its attributes are the narrative, the time, the
// location (WKT), each source (with its Admiralty rating) and each
// reported casualty figure, none marked for detection (to_ids false).
//
// Event UUIDs are UUIDv8 (RFC 9562) that carry the incident id's 96
// random bits, so a feed request names its incident without a lookup
// table; see [EventUUID] and [IncidentID].
package misp

import (
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/encoding/wkt"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/stix"
)

// idEncoding is the alphabet of truce's ids (access.NewID): Crockford's
// base 32 in lower case, without padding.
var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// idPrefix starts every incident id.
const idPrefix = "inc_"

// marker fills the last two bytes of an event UUID, so that a UUID truce
// did not make is refused rather than misread.
var marker = [2]byte{'t', 'r'}

// EventUUID returns the UUID of the event of incident id, and false if id
// is not an id access.NewID made.
func EventUUID(id string) (string, bool) {
	s, ok := strings.CutPrefix(id, idPrefix)
	if !ok {
		return "", false
	}
	b, err := idEncoding.DecodeString(s)
	if err != nil || len(b) != 12 || idEncoding.EncodeToString(b) != s {
		return "", false
	}
	var u [16]byte
	copy(u[0:6], b[0:6])
	u[6] = 0x80 // version 8
	u[7] = b[6]
	u[8] = 0x80 // variant 10
	copy(u[9:14], b[7:12])
	u[14], u[15] = marker[0], marker[1]
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], true
}

// IncidentID returns the incident id an event UUID made by EventUUID
// names, and false for any other string.
func IncidentID(uuid string) (string, bool) {
	h := strings.ReplaceAll(strings.ToLower(uuid), "-", "")
	if len(uuid) != 36 || len(h) != 32 {
		return "", false
	}
	u, err := hex.DecodeString(h)
	if err != nil || u[6] != 0x80 || u[8] != 0x80 || u[14] != marker[0] || u[15] != marker[1] {
		return "", false
	}
	b := append(append(append([]byte{}, u[0:6]...), u[7]), u[9:14]...)
	id := idPrefix + idEncoding.EncodeToString(b)
	if again, ok := EventUUID(id); !ok || again != strings.ToLower(uuid) {
		return "", false
	}
	return id, true
}

// Org is a MISP organisation: the reporting party.
type Org struct {
	Name string `json:"name"`
	UUID string `json:"uuid"`
}

// Tag is a MISP tag.
type Tag struct {
	Name   string `json:"name"`
	Colour string `json:"colour,omitempty"`
}

// Attribute is a MISP attribute.
type Attribute struct {
	UUID         string `json:"uuid"`
	Type         string `json:"type"`
	Category     string `json:"category"`
	Value        string `json:"value"`
	Comment      string `json:"comment,omitempty"`
	ToIDs        bool   `json:"to_ids"`
	Distribution string `json:"distribution"`
	Timestamp    string `json:"timestamp"`
}

// Event is a MISP event (the member "Event" of an event document).
type Event struct {
	UUID             string      `json:"uuid"`
	Info             string      `json:"info"`
	Date             string      `json:"date"`
	ThreatLevelID    string      `json:"threat_level_id"`
	Analysis         string      `json:"analysis"`
	Distribution     string      `json:"distribution"`
	Published        bool        `json:"published"`
	Timestamp        string      `json:"timestamp"`
	PublishTimestamp string      `json:"publish_timestamp"`
	Orgc             Org         `json:"Orgc"`
	Tag              []Tag       `json:"Tag"`
	Attribute        []Attribute `json:"Attribute"`
}

// Document is an event file of the feed, {uuid}.json.
type Document struct {
	Event Event `json:"Event"`
}

// ManifestEntry is an event's entry in the feed's manifest.json, keyed by
// its UUID.
type ManifestEntry struct {
	Info          string `json:"info"`
	Date          string `json:"date"`
	ThreatLevelID string `json:"threat_level_id"`
	Analysis      string `json:"analysis"`
	Timestamp     string `json:"timestamp"`
	Orgc          Org    `json:"Orgc"`
	Tag           []Tag  `json:"Tag"`
}

// tlpTags are MISP's tlp taxonomy tags with the colours MISP gives them.
var tlpTags = map[access.TLP]Tag{
	access.TLPClear:       {"tlp:clear", "#ffffff"},
	access.TLPGreen:       {"tlp:green", "#33ff00"},
	access.TLPAmber:       {"tlp:amber", "#ffc000"},
	access.TLPAmberStrict: {"tlp:amber+strict", "#ffc000"},
	access.TLPRed:         {"tlp:red", "#ff2b2b"},
}

// analysisOf maps an incident's status to MISP's analysis levels: 0
// initial, 1 ongoing, 2 completed.
func analysisOf(s incidents.Status) string {
	switch s {
	case incidents.StatusReported:
		return "0"
	case incidents.StatusUnderReview, incidents.StatusDisputed:
		return "1"
	}
	return "2"
}

// distributionOf maps releasability to MISP distribution: a CLEAR record
// may go to all communities (3); anything else stays in the consuming
// organisation (0), whose own sharing must honour the TLP tag.
func distributionOf(r access.Releasability) string {
	if r.TLP == access.TLPClear {
		return "3"
	}
	return "0"
}

// Tags returns the tags of an incident: its TLP, its audience and its
// status.
func Tags(in *incidents.Incident) []Tag {
	tags := []Tag{tlpTags[in.Release.TLP]}
	for _, p := range in.Release.Audience {
		tags = append(tags, Tag{Name: fmt.Sprintf("truce:audience=%q", p)})
	}
	return append(tags, Tag{Name: fmt.Sprintf("truce:status=%q", in.Status)})
}

// Manifest returns the manifest entry of the event of in, changed at
// changed.
func Manifest(in *incidents.Incident, partyName string, changed time.Time) ManifestEntry {
	e := EventOf(in, partyName, changed)
	return ManifestEntry{Info: e.Info, Date: e.Date, ThreatLevelID: e.ThreatLevelID, Analysis: e.Analysis,
		Timestamp: e.Timestamp, Orgc: e.Orgc, Tag: e.Tag}
}

// EventOf returns the event of incident in (which the caller has already
// checked the reader may see), reported by the party named partyName and
// last changed at changed. It returns an event with an empty UUID if in's
// id is not one access.NewID made.
func EventOf(in *incidents.Incident, partyName string, changed time.Time) Event {
	uuid, _ := EventUUID(in.ID)
	ts := strconv.FormatInt(changed.Unix(), 10)
	day, _, _ := strings.Cut(in.Time.Start, "T")
	name := strings.ReplaceAll(string(in.Category), "_", " ")
	if in.PlaceName != "" {
		name += " near " + in.PlaceName
	}
	e := Event{UUID: uuid, Info: name + " on " + day, Date: day, ThreatLevelID: "4", Analysis: analysisOf(in.Status),
		Distribution: distributionOf(in.Release), Published: true, Timestamp: ts, PublishTimestamp: ts,
		Orgc: Org{Name: partyName, UUID: strings.TrimPrefix(stix.PartyIdentityID(in.Party), "identity--")}, Tag: Tags(in)}
	attr := func(key, typ, category, value, comment string) {
		e.Attribute = append(e.Attribute, Attribute{UUID: strings.TrimPrefix(stix.ID("x-truce-misp-attribute", in.ID+":"+key), "x-truce-misp-attribute--"),
			Type: typ, Category: category, Value: value, Comment: comment, Distribution: "5", Timestamp: ts})
	}
	attr("narrative", "text", "Other", in.Narrative, "narrative of the report")
	attr("time", "datetime", "Other", in.Time.Start, "start of the incident, precise to the "+in.Time.Precision)
	if wkt, err := wktOf(in); err == nil {
		attr("location", "text", "Other", wkt, "location (WKT, WGS 84), precise to "+in.LocationPrecision)
	}
	for k, s := range in.Sources {
		attr("source:"+strconv.Itoa(k), "text", "Other", s.Name, fmt.Sprintf("source, Admiralty rating %s%d", s.Reliability, s.Credibility))
		if s.URL != "" {
			attr("source-url:"+strconv.Itoa(k), "link", "External analysis", s.URL, "source "+s.Name)
		}
	}
	for k, c := range in.Casualties {
		attr("casualty:"+strconv.Itoa(k), "text", "Other", fmt.Sprintf("%s %s: %d to %d", c.Group, c.Outcome, c.Min, c.Max),
			"casualties as reported by "+c.Source)
	}
	return e
}

// wktOf returns the incident's location as WKT.
func wktOf(in *incidents.Incident) (string, error) {
	g, err := incidents.DecodeLocation(in.Location)
	if err != nil {
		return "", fmt.Errorf("misp: location of %s: %w", in.ID, err)
	}
	return wkt.MarshalString(g), nil
}
