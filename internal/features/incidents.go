package features

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ogc/cql2"
)

// pageSize is how many records a collection asks its service for at a time.
var pageSize = 1000

// Incidents is the incidents collection: one feature per incident, its
// reported location (a Point or Polygon), newest first. With Findings set,
// each feature names the layer its finding has reached as the caller may
// see it (fact_status, attribution, finding: the status in words), read
// from the incident's history; a finding that cannot be read fails the
// walk rather than export an incident without it.
type Incidents struct {
	Service  *incidents.Service
	Findings *findings.Service
}

var factStatusNames = []string{findings.StatusNone, findings.StatusAlleged, findings.StatusUnderInvestigation, findings.StatusEstablished}

var categoryNames = func() []string {
	out := make([]string, len(incidents.Categories))
	for i, c := range incidents.Categories {
		out[i] = string(c)
	}
	return out
}()

var statusNames = func() []string {
	out := make([]string, len(incidents.Statuses))
	for i, s := range incidents.Statuses {
		out[i] = string(s)
	}
	return out
}()

// Info implements Collection.
func (Incidents) Info() Info {
	return Info{ID: "incidents", Title: "Incidents",
		Description: "Reported ceasefire incidents with their joint-verification status, as each caller may see them.",
		Queryables: []Queryable{
			{Name: "category", Title: "Category", Type: cql2.String, Enum: categoryNames},
			{Name: "status", Title: "Verification status", Type: cql2.String, Enum: statusNames},
			{Name: "time_start", Title: "Start time", Type: cql2.Timestamp},
			{Name: "time_end", Title: "End time (start plus its precision when not reported)", Type: cql2.Timestamp},
			{Name: "time_precision", Title: "Time precision", Type: cql2.String, Enum: incidents.TimePrecisions},
			{Name: "location_precision", Title: "Location precision", Type: cql2.String, Enum: incidents.LocationPrecisions},
			{Name: "place_name", Title: "Place", Type: cql2.String},
			{Name: "perpetrator", Title: "Alleged perpetrator (party:<id>, group:<name> or unknown)", Type: cql2.String},
			{Name: "killed", Title: "Killed (conservative total)", Type: cql2.Integer},
			{Name: "injured", Title: "Injured (conservative total)", Type: cql2.Integer},
			{Name: "reporting_party", Title: "Reporting party", Type: cql2.String},
			{Name: "origin", Title: "Origin: the party node's log that holds the report", Type: cql2.String},
			{Name: "reported_at", Title: "Reported at", Type: cql2.Timestamp},
			{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
			{Name: "external_id", Title: "External id", Type: cql2.String},
			{Name: "duplicate_of", Title: "Duplicate of", Type: cql2.String},
			{Name: "fact_status", Title: "Finding of fact: none, alleged, under_investigation or established (by the monitors)", Type: cql2.String, Enum: factStatusNames},
			{Name: "attribution", Title: "Attribution by the monitors: attributed, disputed or undetermined", Type: cql2.String, Enum: findings.AttributionStates},
			{Name: "finding", Title: "The finding's status in words", Type: cql2.String},
		},
		Columns: []Column{
			{"id", "#event+id", "@id"},
			{"category", "#event+type", "category"},
			{"status", "#status+verification", "status"},
			{"time_start", "#date+start", "time_start"},
			{"time_end", "#date+end", "time_end"},
			{"time_precision", "#date+precision", "time_precision"},
			{"latitude", "#geo+lat", "@lat"},
			{"longitude", "#geo+lon", "@lon"},
			{"location_precision", "#geo+precision", "location_precision"},
			{"place_name", "#loc+name", "place_name"},
			{"perpetrator", "#org+perpetrator", "perpetrator"},
			{"killed", "#affected+killed", "killed"},
			{"injured", "#affected+injured", "injured"},
			{"reporting_party", "#org+reporting", "reporting_party"},
			{"origin", "#meta+origin", "origin"},
			{"reported_at", "#date+reported", "reported_at"},
			{"tlp", "#meta+tlp", "tlp"},
			{"fact_status", "#status+finding", "fact_status"},
			{"attribution", "#status+attribution", "attribution"},
			{"finding", "#description+finding", "finding"},
			{"geometry_wkt", "#geo+wkt", "@wkt"},
		}}
}

// Each implements Collection: it walks the service's keyset pages, so
// memory stays constant however many incidents match.
func (c Incidents) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	var f incidents.Filter
	if q.Incidents != nil {
		f = *q.Incidents
	}
	f.Brief, f.Limit = true, pageSize
	if q.BBox != nil {
		f.BBox = q.BBox
	}
	if q.From != nil && (f.From == nil || q.From.After(*f.From)) {
		f.From = q.From
	}
	if q.To != nil && (f.To == nil || q.To.Before(*f.To)) {
		f.To = q.To
	}
	if q.After != "" {
		cur, err := incidents.ParseCursor(q.After)
		if err != nil {
			return err
		}
		f.After = cur
	}
	view, err := c.viewer(ctx)
	if err != nil {
		return err
	}
	for {
		page, err := c.Service.Search(ctx, by, f)
		if err != nil {
			return fmt.Errorf("features: incidents: %w", err)
		}
		for i := range page.Items {
			f, err := c.feature(ctx, by, &page.Items[i], view)
			if err != nil {
				return err
			}
			if err := yield(f); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		if f.After, err = incidents.ParseCursor(page.Next); err != nil {
			return err
		}
	}
}

// Get implements Collection.
func (c Incidents) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	in, err := c.Service.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	view, err := c.viewer(ctx)
	if err != nil {
		return nil, err
	}
	return c.feature(ctx, by, in, view)
}

// viewer returns the findings' ViewFunc for one walk, or nil without
// Findings.
func (c Incidents) viewer(ctx context.Context) (findings.ViewFunc, error) {
	if c.Findings == nil {
		return nil, nil
	}
	v, err := c.Findings.Viewer(ctx)
	if err != nil {
		return nil, fmt.Errorf("features: incidents: %w", err)
	}
	return v, nil
}

// feature returns in's feature with its finding's layer when view is set.
func (c Incidents) feature(ctx context.Context, by access.Principal, in *incidents.Incident, view findings.ViewFunc) (*Feature, error) {
	f := incidentFeature(in)
	if view == nil {
		return f, nil
	}
	v, err := view(ctx, by, in)
	if err != nil {
		return nil, fmt.Errorf("features: finding of %s: %w", in.ID, err)
	}
	f.Props = append(f.Props, Prop{"fact_status", v.Status.Fact}, Prop{"attribution", orNil(v.Status.Attribution)},
		Prop{"finding", v.Status.Label})
	return f, nil
}

func incidentFeature(in *incidents.Incident) *Feature {
	start, end := time.Unix(in.T0, 0).UTC(), time.Unix(in.T1, 0).UTC()
	if t := timePtr(in.Time.Start); t != nil {
		start = *t
	}
	f := &Feature{ID: in.ID, Geometry: in.Location, Start: &start, End: &end,
		Owner: in.Party, Release: in.Release, Cursor: incidents.Cursor{T0: in.T0, N: in.N}.String()}
	f.Props = []Prop{
		{"category", string(in.Category)},
		{"status", string(in.Status)},
		{"time_start", start.Format(time.RFC3339)},
		{"time_end", end.Format(time.RFC3339)},
		{"time_precision", in.Time.Precision},
		{"location_precision", in.LocationPrecision},
		{"place_name", orNil(in.PlaceName)},
		{"perpetrator", in.Perpetrator.Key()},
		{"killed", in.Killed},
		{"injured", in.Injured},
		{"reporting_party", in.Party},
		{"origin", in.Origin},
		{"reported_at", in.ReportedAt},
		{"tlp", string(in.Release.TLP)},
		{"external_id", orNil(in.ExternalID)},
		{"duplicate_of", orNil(in.DuplicateOf)},
	}
	return f
}

// orNil returns nil for an empty string, so that it encodes as null.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
