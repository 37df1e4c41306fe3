package agreements

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/geo"
)

// GeometryLimits are the geo limits applied to a passage's route or area.
var GeometryLimits = geo.Limits{MaxVertices: 20_000, MaxRings: 100, MaxSpanDeg: 10}

// Traffic lists what a passage may permit; a version may list several.
var Traffic = []string{"civilians", "wounded", "aid", "monitors", "vehicles", "evacuees", "repair_crews"}

// PassageInput is the input of ProposePassage: a new version of a safe
// passage or local ceasefire. Any field but kind, name and parties may be
// left empty while it is negotiated; it then cannot open.
type PassageInput struct {
	Kind        PassageKind     `json:"kind"`
	Name        string          `json:"name"`
	Geometry    json.RawMessage `json:"geometry,omitempty"`
	WindowFrom  string          `json:"window_from,omitempty"`
	WindowUntil string          `json:"window_until,omitempty"`
	Traffic     []string        `json:"traffic,omitempty"`
	Vehicles    int             `json:"vehicles,omitempty"`
	Contacts    []Contact       `json:"contacts,omitempty"`
	Parties     []string        `json:"parties"`
	AgreementID string          `json:"agreement_id,omitempty"`
	Note        string          `json:"note,omitempty"`
	// Releasability is the passage's, given with its first version only;
	// default GREEN.
	Releasability *access.Releasability `json:"releasability,omitempty"`
}

// validate checks in as version version of passage id and returns its spec.
func (s *Service) validatePassage(ctx context.Context, by access.Principal, id string, version int, in *PassageInput) (PassageSpec, error) {
	sp := PassageSpec{ID: id, Version: version, Kind: in.Kind, Name: in.Name, Vehicles: in.Vehicles, Note: in.Note}
	if in.Kind != KindSafePassage && in.Kind != KindLocalCeasefire {
		return sp, fault.Invalid("kind", "must be %s or %s", KindSafePassage, KindLocalCeasefire)
	}
	if err := checkText("name", in.Name, MaxTitleBytes, true); err != nil {
		return sp, err
	}
	if err := checkText("note", in.Note, MaxNoteBytes, false); err != nil {
		return sp, err
	}
	if len(in.Geometry) > 0 && string(in.Geometry) != "null" {
		g, err := geo.Decode(in.Geometry, geo.KindLineString|geo.KindPolygonal, GeometryLimits)
		if err != nil {
			return sp, geo.FieldError("geometry", err)
		}
		raw, err := encodeGeometry(g)
		if err != nil {
			return sp, err
		}
		sp.Geometry = raw
	}
	from, err := parseTime("window_from", in.WindowFrom, false)
	if err != nil {
		return sp, err
	}
	until, err := parseTime("window_until", in.WindowUntil, false)
	if err != nil {
		return sp, err
	}
	if !from.IsZero() && !until.IsZero() && !until.After(from) {
		return sp, fault.Invalid("window_until", "must be after window_from")
	}
	sp.WindowFrom, sp.WindowUntil = formatTime(from), formatTime(until)
	for i, t := range in.Traffic {
		if !slices.Contains(Traffic, t) {
			return sp, fault.Invalid(fmt.Sprintf("traffic[%d]", i), "%q is not one of %v", t, Traffic)
		}
	}
	sp.Traffic = slices.Compact(slices.Sorted(slices.Values(in.Traffic)))
	if in.Vehicles < 0 || in.Vehicles > 100_000 {
		return sp, fault.Invalid("vehicles", "must be between 0 and 100000")
	}
	if sp.Parties, err = s.parties("parties", in.Parties, ctx); err != nil {
		return sp, err
	}
	if len(sp.Parties) == 0 {
		return sp, fault.Invalid("parties", "must list every party concerned; each must guarantee the passage before it opens")
	}
	for i, c := range in.Contacts {
		at := fmt.Sprintf("contacts[%d]", i)
		if !slices.Contains(sp.Parties, c.Party) && c.Party != by.Party {
			return sp, fault.Invalid(at+".party", "%q is neither a party concerned nor the proposer", c.Party)
		}
		if err := checkText(at+".name", c.Name, MaxTitleBytes, true); err != nil {
			return sp, err
		}
		if err := checkText(at+".channel", c.Channel, MaxTitleBytes, true); err != nil {
			return sp, err
		}
		sp.Contacts = append(sp.Contacts, c)
	}
	if in.AgreementID != "" {
		if _, err := s.visibleAgreement(ctx, nil, by, in.AgreementID); err != nil {
			return sp, fault.Invalid("agreement_id", "%q is no agreement you may see", in.AgreementID)
		}
		sp.AgreementID = in.AgreementID
	}
	return sp, nil
}

// storedGeometry is a validated route or area as stored.
type storedGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// encodeGeometry returns the GeoJSON of a decoded route or area.
func encodeGeometry(g orb.Geometry) (json.RawMessage, error) {
	coords, err := json.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("agreements: encode geometry: %w", err)
	}
	b, err := json.Marshal(storedGeometry{Type: g.GeoJSONType(), Coordinates: coords})
	if err != nil {
		return nil, fmt.Errorf("agreements: encode geometry: %w", err)
	}
	return b, nil
}

// DecodeGeometry decodes a passage's stored route or area (validated
// before it was stored); nil for none.
func DecodeGeometry(raw json.RawMessage) (orb.Geometry, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var sg storedGeometry
	if err := json.Unmarshal(raw, &sg); err != nil {
		return nil, fmt.Errorf("agreements: stored geometry: %w", err)
	}
	switch sg.Type {
	case "LineString":
		var ls orb.LineString
		if err := json.Unmarshal(sg.Coordinates, &ls); err != nil {
			return nil, fmt.Errorf("agreements: stored geometry: %w", err)
		}
		return ls, nil
	case "Polygon":
		var p orb.Polygon
		if err := json.Unmarshal(sg.Coordinates, &p); err != nil {
			return nil, fmt.Errorf("agreements: stored geometry: %w", err)
		}
		return p, nil
	case "MultiPolygon":
		var mp orb.MultiPolygon
		if err := json.Unmarshal(sg.Coordinates, &mp); err != nil {
			return nil, fmt.Errorf("agreements: stored geometry: %w", err)
		}
		return mp, nil
	}
	return nil, fmt.Errorf("agreements: stored geometry of type %q", sg.Type)
}
