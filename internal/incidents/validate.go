package incidents

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/gazetteer"
	"truce/internal/geo"
	"truce/internal/timebound"
)

// Limits on incident input.
const (
	MaxNarrativeBytes = 20_000
	MaxTextBytes      = 500
	MaxSources        = 50
	MaxCasualties     = 50
	MaxEvidence       = 20
	MaxCasualtyCount  = 100_000
	// MaxLocationVertices bounds a polygon location.
	MaxLocationVertices = 5_000
)

// LocationLimits are the geo limits applied to incident locations.
var LocationLimits = geo.Limits{MaxVertices: MaxLocationVertices, MaxRings: 50, MaxSpanDeg: 5}

// EvidenceRef names an uploaded evidence file (see EvidenceStore.Put) in a
// new report.
type EvidenceRef struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name,omitempty"`
}

// NewIncident is the input of Report.
type NewIncident struct {
	ExternalID string   `json:"external_id,omitempty"`
	Category   Category `json:"category"`
	Time       TimeSpan `json:"time"`
	// Location is a GeoJSON Point or Polygon. It may be omitted when
	// PlaceName names a gazetteer place: the place's point is then used,
	// with the place's precision unless LocationPrecision is given.
	Location          json.RawMessage       `json:"location,omitempty"`
	LocationPrecision string                `json:"location_precision,omitempty"`
	PlaceName         string                `json:"place_name,omitempty"`
	Perpetrator       Perpetrator           `json:"perpetrator"`
	Casualties        []Casualty            `json:"casualties,omitempty"`
	Narrative         string                `json:"narrative"`
	Sources           []Source              `json:"sources,omitempty"`
	Evidence          []EvidenceRef         `json:"evidence,omitempty"`
	Releasability     *access.Releasability `json:"releasability,omitempty"`
}

// Places turns place names into locations (a *gazetteer.Gazetteer).
type Places interface {
	Search(query string, limit int) []gazetteer.Place
}

// checker holds what validation needs besides the input.
type checker struct {
	places   Places
	evidence func(sha string) (Evidence, bool)
	known    func(party string) bool
	// now is the node's clock; nil means time.Now.
	now func() time.Time
}

var (
	sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
	reliability   = []string{"A", "B", "C", "D", "E", "F"}
)

func text(field, s string, limit int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return fault.Invalid(field, "is required")
	}
	if len(s) > limit {
		return fault.Invalid(field, "is %d bytes; at most %d are allowed", len(s), limit)
	}
	if !utf8.ValidString(s) {
		return fault.Invalid(field, "is not valid UTF-8")
	}
	return nil
}

// validate checks n and returns the normalised report (ID and Key unset),
// its location geometry and its releasability for owner party. Errors are
// *fault.InvalidError naming the field.
func (c *checker) validate(n *NewIncident, owner string) (*Report, orb.Geometry, access.Releasability, error) {
	var rel access.Releasability
	r := &Report{ExternalID: n.ExternalID, Category: n.Category, PlaceName: n.PlaceName, Perpetrator: n.Perpetrator,
		Narrative: n.Narrative, LocationPrecision: n.LocationPrecision}
	if err := text("external_id", n.ExternalID, 200, false); err != nil {
		return nil, nil, rel, err
	}
	if !n.Category.Valid() {
		return nil, nil, rel, fault.Invalid("category", "%q is not a category; use one of %v", n.Category, Categories)
	}
	if err := normTime(&n.Time, &r.Time, c.clock()); err != nil {
		return nil, nil, rel, err
	}
	if err := text("place_name", n.PlaceName, MaxTextBytes, false); err != nil {
		return nil, nil, rel, err
	}
	loc, err := c.location(n, r)
	if err != nil {
		return nil, nil, rel, err
	}
	if err := checkPerpetrator(&r.Perpetrator, c.known); err != nil {
		return nil, nil, rel, err
	}
	if err := text("narrative", n.Narrative, MaxNarrativeBytes, true); err != nil {
		return nil, nil, rel, err
	}
	if r.Casualties, err = checkCasualties(n.Casualties); err != nil {
		return nil, nil, rel, err
	}
	if r.Sources, err = checkSources(n.Sources); err != nil {
		return nil, nil, rel, err
	}
	if r.Evidence, err = c.checkEvidence(n.Evidence); err != nil {
		return nil, nil, rel, err
	}
	rel = access.Releasability{TLP: access.TLPGreen}
	if n.Releasability != nil {
		rel = *n.Releasability
	}
	if err := rel.Validate(c.known); err != nil {
		return nil, nil, rel, err
	}
	return r, loc, rel.Normalize(owner), nil
}

// clock returns the checker's time now.
func (c *checker) clock() time.Time {
	if c.now == nil {
		return time.Now()
	}
	return c.now()
}

// normTime validates an incident's time span, which must lie within
// timebound's range for events that happened (from 2000 to the node's
// clock plus its skew), and normalises it into out.
func normTime(in, out *TimeSpan, now time.Time) error {
	start, err := time.Parse(time.RFC3339, in.Start)
	if err != nil {
		return fault.Invalid("time.start", "%q is not an RFC 3339 time such as 2016-07-12T14:30:00Z", in.Start)
	}
	if err := timebound.Check("time.start", start, now, timebound.Happened); err != nil {
		return err
	}
	out.Start = start.UTC().Format(time.RFC3339)
	out.Precision = in.Precision
	if out.Precision == "" {
		out.Precision = TimeExact
	}
	if !slices.Contains(TimePrecisions, out.Precision) {
		return fault.Invalid("time.precision", "%q is not a time precision; use one of %v", in.Precision, TimePrecisions)
	}
	if in.End != "" {
		end, err := time.Parse(time.RFC3339, in.End)
		if err != nil {
			return fault.Invalid("time.end", "%q is not an RFC 3339 time", in.End)
		}
		if end.Before(start) {
			return fault.Invalid("time.end", "is before time.start")
		}
		if err := timebound.Check("time.end", end, now, timebound.Happened); err != nil {
			return err
		}
		if end.Sub(start) > 366*24*time.Hour {
			return fault.Invalid("time.end", "an incident may last at most a year")
		}
		out.End = end.UTC().Format(time.RFC3339)
	}
	return nil
}

func (c *checker) location(n *NewIncident, r *Report) (orb.Geometry, error) {
	var g orb.Geometry
	switch {
	case len(n.Location) > 0 && string(n.Location) != "null":
		var err error
		g, err = geo.Decode(n.Location, geo.KindPoint|geo.KindPolygon, LocationLimits)
		if err != nil {
			return nil, geo.FieldError("location", err)
		}
	case n.PlaceName != "" && c.places != nil:
		hits := c.places.Search(n.PlaceName, 1)
		if len(hits) == 0 {
			return nil, fault.Invalid("place_name", "no gazetteer place matches %q; give a location", n.PlaceName)
		}
		p := hits[0]
		g = orb.Point{p.Lon, p.Lat}
		r.PlaceID = p.ID
		if r.LocationPrecision == "" {
			r.LocationPrecision = p.Precision
		}
	default:
		return nil, fault.Invalid("location", "is required: a GeoJSON Point or Polygon, or a place_name the gazetteer knows")
	}
	if r.LocationPrecision == "" {
		r.LocationPrecision = "exact"
	}
	if !slices.Contains(LocationPrecisions, r.LocationPrecision) {
		return nil, fault.Invalid("location_precision", "%q is not a location precision; use one of %v", r.LocationPrecision, LocationPrecisions)
	}
	raw, err := encodeLocation(g)
	if err != nil {
		return nil, err
	}
	r.Location = raw
	return g, nil
}

func checkPerpetrator(p *Perpetrator, known func(string) bool) error {
	switch p.Kind {
	case "", "unknown":
		*p = Perpetrator{Kind: "unknown"}
	case "party":
		if p.Party == "" || (known != nil && !known(p.Party)) {
			return fault.Invalid("perpetrator.party", "%q is not a known party", p.Party)
		}
		p.Group = ""
	case "group":
		if err := text("perpetrator.group", p.Group, MaxTextBytes, true); err != nil {
			return err
		}
		p.Party = ""
	default:
		return fault.Invalid("perpetrator.kind", "%q is not party, group or unknown", p.Kind)
	}
	return nil
}

func checkCasualties(cs []Casualty) ([]Casualty, error) {
	if len(cs) > MaxCasualties {
		return nil, fault.Invalid("casualties", "at most %d figures", MaxCasualties)
	}
	for i, c := range cs {
		f := fmt.Sprintf("casualties[%d]", i)
		if c.Outcome != "killed" && c.Outcome != "injured" {
			return nil, fault.Invalid(f+".outcome", "%q is not killed or injured", c.Outcome)
		}
		if c.Group != "civilian" && c.Group != "combatant" && c.Group != "unknown" {
			return nil, fault.Invalid(f+".group", "%q is not civilian, combatant or unknown", c.Group)
		}
		if c.Min < 0 || c.Max < c.Min || c.Max > MaxCasualtyCount {
			return nil, fault.Invalid(f, "needs 0 ≤ min ≤ max ≤ %d, got %d–%d", MaxCasualtyCount, c.Min, c.Max)
		}
		if err := text(f+".source", c.Source, MaxTextBytes, true); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

func checkSources(ss []Source) ([]Source, error) {
	if len(ss) > MaxSources {
		return nil, fault.Invalid("sources", "at most %d sources", MaxSources)
	}
	for i, s := range ss {
		f := fmt.Sprintf("sources[%d]", i)
		if err := text(f+".name", s.Name, MaxTextBytes, true); err != nil {
			return nil, err
		}
		if !slices.Contains(reliability, s.Reliability) {
			return nil, fault.Invalid(f+".reliability", "%q is not an Admiralty reliability grade A–F", s.Reliability)
		}
		if s.Credibility < 1 || s.Credibility > 6 {
			return nil, fault.Invalid(f+".credibility", "%d is not an Admiralty credibility grade 1–6", s.Credibility)
		}
		if err := text(f+".url", s.URL, 2000, false); err != nil {
			return nil, err
		}
		if err := text(f+".note", s.Note, MaxTextBytes*4, false); err != nil {
			return nil, err
		}
	}
	return ss, nil
}

func (c *checker) checkEvidence(refs []EvidenceRef) ([]Evidence, error) {
	if len(refs) > MaxEvidence {
		return nil, fault.Invalid("evidence", "at most %d files", MaxEvidence)
	}
	var out []Evidence
	for i, ref := range refs {
		f := fmt.Sprintf("evidence[%d]", i)
		if !sha256Pattern.MatchString(ref.SHA256) {
			return nil, fault.Invalid(f+".sha256", "must be 64 lower-case hex digits")
		}
		if err := text(f+".name", ref.Name, 255, false); err != nil {
			return nil, err
		}
		if c.evidence == nil {
			return nil, fault.Invalid(f, "this node stores no evidence")
		}
		ev, ok := c.evidence(ref.SHA256)
		if !ok {
			return nil, fault.Invalid(f+".sha256", "no uploaded file has this hash; upload it first (POST /api/v1/evidence)")
		}
		ev.Name = ref.Name
		out = append(out, ev)
	}
	return out, nil
}

// location geometry as stored: GeoJSON of a Point or Polygon.
type storedLocation struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func encodeLocation(g orb.Geometry) (json.RawMessage, error) {
	var v storedLocation
	switch t := g.(type) {
	case orb.Point:
		v = storedLocation{"Point", t}
	case orb.Polygon:
		v = storedLocation{"Polygon", t}
	default:
		return nil, fmt.Errorf("incidents: location of type %T", g)
	}
	return json.Marshal(v)
}

// DecodeLocation decodes a stored location (validated before it was
// stored) without validating it again.
func DecodeLocation(raw json.RawMessage) (orb.Geometry, error) {
	var head struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("incidents: stored location: %w", err)
	}
	switch head.Type {
	case "Point":
		var p orb.Point
		err := json.Unmarshal(head.Coordinates, &p)
		return p, err
	case "Polygon":
		var p orb.Polygon
		err := json.Unmarshal(head.Coordinates, &p)
		return p, err
	}
	return nil, fmt.Errorf("incidents: stored location of type %q", head.Type)
}
