package zones

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/geo"
	"truce/internal/timebound"
)

// Limits on zone input.
const (
	MaxNameBytes = 200
	MaxNoteBytes = 4000
	// MaxVertices is the most positions a zone geometry may have.
	MaxVertices = 20_000
)

// GeometryLimits are the geo limits applied to zone geometry.
var GeometryLimits = geo.Limits{MaxVertices: MaxVertices, MaxRings: 500, MaxSpanDeg: 15}

// Proposal is the input of Propose: a new version of a zone.
type Proposal struct {
	// Action defaults to define. A withdrawal may omit everything but the
	// effective time; it keeps the previous version's kind, names and
	// geometry.
	Action         Action          `json:"action,omitempty"`
	Kind           Kind            `json:"kind,omitempty"`
	Name           string          `json:"name,omitempty"`
	NameRU         string          `json:"name_ru,omitempty"`
	NameAR         string          `json:"name_ar,omitempty"`
	Geometry       json.RawMessage `json:"geometry,omitempty"`
	EffectiveFrom  string          `json:"effective_from"`
	EffectiveUntil string          `json:"effective_until,omitempty"`
	Note           string          `json:"note,omitempty"`
	// Releasability is the zone's, given with its first version only;
	// default GREEN (every member party).
	Releasability *access.Releasability `json:"releasability,omitempty"`
}

// ParseTime parses an RFC 3339 time for field and returns it in UTC.
func ParseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fault.Invalid(field, "%q is not an RFC 3339 time such as 2016-07-01T00:00:00Z", s)
	}
	return t.UTC(), nil
}

// FormatTime formats t as the RFC 3339 UTC form stored in entries.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func checkText(field, s string, limit int, required bool) error {
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

// validate checks p as version number version of zone id, whose previous
// version (nil for a new zone) is prev, at time now (effective_from and
// effective_until must lie in timebound's range for zone periods), and
// returns its Spec and geometry.
func (p *Proposal) validate(id string, version int, prev *Version, now time.Time) (Spec, orb.MultiPolygon, error) {
	s := Spec{ZoneID: id, Version: version, Action: p.Action, Kind: p.Kind, Name: p.Name, NameRU: p.NameRU,
		NameAR: p.NameAR, Note: p.Note}
	if s.Action == "" {
		s.Action = ActionDefine
	}
	if s.Action != ActionDefine && s.Action != ActionWithdraw {
		return s, nil, fault.Invalid("action", "%q is not an action; use define or withdraw", p.Action)
	}
	if s.Action == ActionWithdraw {
		if prev == nil {
			return s, nil, fault.Invalid("action", "a new zone cannot start with a withdrawal")
		}
		if p.Kind == "" {
			s.Kind = prev.Kind
		}
		if p.Name == "" {
			s.Name, s.NameRU, s.NameAR = prev.Name, prev.NameRU, prev.NameAR
		}
		if len(p.Geometry) == 0 {
			s.Geometry = prev.Geometry
		}
	}
	if !s.Kind.Valid() {
		return s, nil, fault.Invalid("kind", "%q is not a zone kind; use one of %v", s.Kind, Kinds)
	}
	for _, f := range []struct {
		field, v string
		required bool
	}{{"name", s.Name, true}, {"name_ru", s.NameRU, false}, {"name_ar", s.NameAR, false}} {
		if err := checkText(f.field, f.v, MaxNameBytes, f.required); err != nil {
			return s, nil, err
		}
	}
	if err := checkText("note", s.Note, MaxNoteBytes, false); err != nil {
		return s, nil, err
	}
	from, err := ParseTime("effective_from", p.EffectiveFrom)
	if err != nil {
		return s, nil, err
	}
	if err := timebound.Check("effective_from", from, now, timebound.ZonePeriod); err != nil {
		return s, nil, err
	}
	s.EffectiveFrom = FormatTime(from)
	if p.EffectiveUntil != "" {
		until, err := ParseTime("effective_until", p.EffectiveUntil)
		if err != nil {
			return s, nil, err
		}
		if err := timebound.Check("effective_until", until, now, timebound.ZonePeriod); err != nil {
			return s, nil, err
		}
		if !until.After(from) {
			return s, nil, fault.Invalid("effective_until", "must be after effective_from")
		}
		s.EffectiveUntil = FormatTime(until)
	}
	raw := p.Geometry
	if len(raw) == 0 {
		raw = s.Geometry
	}
	if len(raw) == 0 {
		return s, nil, fault.Invalid("geometry", "is required: a GeoJSON Polygon or MultiPolygon")
	}
	mp, err := geo.DecodePolygonal(raw, GeometryLimits)
	if err != nil {
		return s, nil, geo.FieldError("geometry", err)
	}
	s.Geometry, err = EncodeGeometry(mp)
	if err != nil {
		return s, nil, err
	}
	return s, mp, nil
}

// storedGeometry is the GeoJSON form of a normalised MultiPolygon.
type storedGeometry struct {
	Type        string           `json:"type"`
	Coordinates orb.MultiPolygon `json:"coordinates"`
}

// EncodeGeometry returns the GeoJSON MultiPolygon of mp.
func EncodeGeometry(mp orb.MultiPolygon) (json.RawMessage, error) {
	b, err := json.Marshal(storedGeometry{Type: "MultiPolygon", Coordinates: mp})
	if err != nil {
		return nil, fmt.Errorf("zones: encode geometry: %w", err)
	}
	return b, nil
}

// DecodeStored decodes a MultiPolygon that was validated and normalised
// before it was stored; it does not validate it again.
func DecodeStored(raw json.RawMessage) (orb.MultiPolygon, error) {
	var g storedGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("zones: stored geometry: %w", err)
	}
	if g.Type != "MultiPolygon" {
		return nil, fmt.Errorf("zones: stored geometry is a %s, not a MultiPolygon", g.Type)
	}
	return g.Coordinates, nil
}
