package features

import (
	"context"
	"encoding/json"
	"fmt"

	"truce/internal/access"
	"truce/internal/flights"
	"truce/internal/ogc/cql2"
)

// Flights is the flights collection: one feature per flight plan, its
// waypoints as a LineString (longitude, latitude; altitudes as the
// min_alt_ft and max_alt_ft properties) over the time from its first to its
// last waypoint. A co-chair outside a plan's audience sees the redacted
// view the flights service gives it. Ordered by id.
type Flights struct{ Service *flights.Service }

// Info implements Collection.
func (Flights) Info() Info {
	return Info{ID: "flights", Title: "Flight plans",
		Description: "Filed flight plans (4D trajectories) for airspace deconfliction, as each caller may see them.",
		Queryables: []Queryable{
			{Name: "party", Title: "Operating party", Type: cql2.String},
			{Name: "callsign", Title: "Callsign", Type: cql2.String},
			{Name: "category", Title: "Category", Type: cql2.String},
			{Name: "status", Title: "Status", Type: cql2.String},
			{Name: "departure", Title: "Time of the first waypoint", Type: cql2.Timestamp},
			{Name: "arrival", Title: "Time of the last waypoint", Type: cql2.Timestamp},
			{Name: "min_alt_ft", Title: "Lowest altitude (ft)", Type: cql2.Number},
			{Name: "max_alt_ft", Title: "Highest altitude (ft)", Type: cql2.Number},
			{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
			{Name: "log_origin", Title: "Origin: the party node's log that holds the record", Type: cql2.String},
		}}
}

// Each implements Collection: it walks the service's keyset pages in id
// order, so every plan by may see is served and memory stays constant.
func (c Flights) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	f := flights.PlanFilter{Party: q.Equal["party"], Status: q.Equal["status"], Limit: pageSize}
	after := afterID(q.After)
	for {
		page, err := c.Service.ListPlansPage(ctx, by, f, after)
		if err != nil {
			return fmt.Errorf("features: flights: %w", err)
		}
		for i := range page.Items {
			if err := yield(flightFeature(&page.Items[i])); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		if after, err = flights.PlanListing.Parse(page.Next); err != nil {
			return fmt.Errorf("features: flights: %w", err)
		}
	}
}

// Get implements Collection.
func (c Flights) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	p, err := c.Service.GetPlan(ctx, by, id)
	if err != nil {
		return nil, err
	}
	f := flightFeature(p)
	f.Cursor = f.ID
	return f, nil
}

func flightFeature(p *flights.Plan) *Feature {
	f := &Feature{ID: p.ID, Cursor: p.ID, Owner: p.Party, Release: p.Release, Geometry: json.RawMessage("null")}
	var dep, arr string
	var lo, hi any
	if n := len(p.Waypoints); n > 0 {
		coords := make([][2]float64, n)
		minA, maxA := p.Waypoints[0].AltFt, p.Waypoints[0].AltFt
		for i, w := range p.Waypoints {
			coords[i] = [2]float64{w.Lon, w.Lat}
			minA, maxA = min(minA, w.AltFt), max(maxA, w.AltFt)
		}
		typ := "LineString"
		var g any = coords
		if n == 1 {
			typ, g = "Point", coords[0]
		}
		if b, err := json.Marshal(map[string]any{"type": typ, "coordinates": g}); err == nil {
			f.Geometry = b
		}
		dep, arr, lo, hi = p.Waypoints[0].Time, p.Waypoints[n-1].Time, minA, maxA
		f.Start, f.End = timePtr(dep), timePtr(arr)
	}
	f.Props = []Prop{{"party", p.Party}, {"callsign", orNil(p.Callsign)}, {"category", orNil(p.Category)},
		{"status", p.Status}, {"departure", orNil(dep)}, {"arrival", orNil(arr)}, {"min_alt_ft", lo}, {"max_alt_ft", hi},
		{"version", p.Version}, {"redacted", p.Redacted}, {"tlp", string(p.Release.TLP)}, {"log_origin", p.Origin}}
	return f
}
