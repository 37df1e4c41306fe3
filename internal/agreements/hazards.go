package agreements

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/geo"
	"truce/internal/ledger"
)

// MaxHazardDistanceM is how far from a passage's route or area a hazard
// may be reported as on it.
const MaxHazardDistanceM = 2000

// HazardInput is the input of ReportHazard.
type HazardInput struct {
	Hazard   string          `json:"hazard"`
	Location json.RawMessage `json:"location"`
	Note     string          `json:"note,omitempty"`
}

// ReportHazard records a report of mines, an obstacle or fire on passage
// id and, in the same write, raises an alert to the parties concerned,
// the proposer (the organisation moving on it) and every party with a
// contact point, those of them that may see the passage. Any reporter,
// analyst or liaison who may see the passage may report. Returns
// *fault.InvalidError for an unknown hazard, a location that is not a
// GeoJSON Point or lies more than MaxHazardDistanceM from the passage, and
// fault.ErrNotFound for a passage by may not see.
func (s *Service) ReportHazard(ctx context.Context, by access.Principal, id string, in HazardInput) (*Passage, error) {
	if err := by.Require(access.RoleReporter, access.RoleAnalyst, access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("agreements: report hazard: %w", err)
	}
	p, err := s.visiblePassage(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: report hazard on %s: %w", id, err)
	}
	if !slices.Contains(Hazards, in.Hazard) {
		return nil, fault.Invalid("hazard", "must be one of %v", Hazards)
	}
	if err := checkText("note", in.Note, MaxNoteBytes, false); err != nil {
		return nil, err
	}
	pt, err := geo.DecodePoint(in.Location)
	if err != nil {
		return nil, geo.FieldError("location", err)
	}
	v := p.LatestVersion()
	g, err := DecodeGeometry(v.Geometry)
	if err != nil {
		return nil, fmt.Errorf("agreements: report hazard on %s: %w", id, err)
	}
	if g == nil {
		return nil, fault.Conflictf("passage %s has no route or area yet", id)
	}
	if d := geo.DistanceToGeometry(pt, g); d > MaxHazardDistanceM {
		return nil, fault.Invalid("location", "is %.0f m from the passage; a hazard on it is at most %d m away", d, MaxHazardDistanceM)
	}
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": pt})
	changes := []ledger.Change{{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindPassageHazard,
		Subject: PassageSubject(id), Release: p.Release, Payload: HazardReported{PassageID: id, Hazard: in.Hazard,
			Location: loc, Note: in.Note}}}}
	if s.alerts != nil {
		who := append([]string{p.Party}, v.Parties...)
		for _, c := range v.Contacts {
			who = append(who, c.Party)
		}
		slices.Sort(who)
		spec := alerts.Spec{Kind: alerts.KindPassageHazard, Severity: alerts.SeveritySevere,
			Title:       fmt.Sprintf("%s reported on %s", in.Hazard, v.Name),
			Description: in.Note, Concerned: slices.Compact(who), Causes: []access.Releasability{p.Release},
			Area: &alerts.Area{Description: v.Name, Lon: pt[0], Lat: pt[1], RadiusM: 1000}}
		c, _, err := s.alerts.RaiseChange(spec, func(seq int64, sp *alerts.Spec) {
			sp.Key = fmt.Sprintf("passage_hazard:%s:%d", id, seq-1)
			sp.Links = []alerts.Link{{Type: "passage", ID: id, Seq: seq - 1}}
		})
		if err != nil {
			return nil, fmt.Errorf("agreements: report hazard on %s: %w", id, err)
		}
		changes = append(changes, c)
	}
	if _, err := s.log.Append(ctx, changes...); err != nil {
		return nil, fmt.Errorf("agreements: report hazard on %s: %w", id, err)
	}
	return s.GetPassage(ctx, by, id)
}
