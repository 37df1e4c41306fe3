package features

import (
	"context"
	"fmt"

	"encoding/json"
	"strconv"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/ogc/cql2"
)

// Alerts is the alerts collection: one feature per alert, located at the
// centre of its area (null geometry for alerts without one, such as an
// overdue acknowledgement). Ordered by id; every alert the caller may see,
// a page at a time.
type Alerts struct{ Service *alerts.Service }

// Info implements Collection.
func (Alerts) Info() Info {
	kinds := make([]string, len(alerts.Kinds))
	for i, k := range alerts.Kinds {
		kinds[i] = string(k)
	}
	sev := make([]string, len(alerts.Severities))
	for i, s := range alerts.Severities {
		sev[i] = string(s)
	}
	return Info{ID: "alerts", Title: "Alerts",
		Description: "Alerts raised by the node (incidents near notified sites or movements, overdue acknowledgements, air conflicts).",
		Queryables: []Queryable{
			{Name: "kind", Title: "Kind", Type: cql2.String, Enum: kinds},
			{Name: "severity", Title: "Severity", Type: cql2.String, Enum: sev},
			{Name: "status", Title: "Status", Type: cql2.String, Enum: []string{alerts.StatusOpen, alerts.StatusAcknowledged}},
			{Name: "title", Title: "Title", Type: cql2.String},
			{Name: "party", Title: "Party", Type: cql2.String},
			{Name: "raised", Title: "Raised at", Type: cql2.Timestamp},
			{Name: "deadline", Title: "Acknowledgement deadline", Type: cql2.Timestamp},
			{Name: "radius_m", Title: "Area radius (m)", Type: cql2.Number},
			{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
			{Name: "log_origin", Title: "Origin: the party node's log that holds the record", Type: cql2.String},
		}}
}

// Each implements Collection: it walks the service's keyset pages in id
// order, so every alert by may see is served and memory stays constant.
func (c Alerts) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	f := alerts.Filter{Kind: alerts.Kind(q.Equal["kind"]), Status: q.Equal["status"], Severity: alerts.Severity(q.Equal["severity"]), Limit: pageSize}
	after := afterID(q.After)
	for {
		page, err := c.Service.PageByID(ctx, by, f, after)
		if err != nil {
			return fmt.Errorf("features: alerts: %w", err)
		}
		for i := range page.Items {
			if err := yield(alertFeature(&page.Items[i])); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		if after, err = alerts.IDListing.Parse(page.Next); err != nil {
			return fmt.Errorf("features: alerts: %w", err)
		}
	}
}

// Get implements Collection.
func (c Alerts) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	a, err := c.Service.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	f := alertFeature(a)
	f.Cursor = f.ID
	return f, nil
}

func alertFeature(a *alerts.Alert) *Feature {
	f := &Feature{ID: a.ID, Cursor: a.ID, Owner: a.Party, Release: a.Release, Geometry: []byte("null")}
	t := timePtr(a.Raised)
	f.Start, f.End = t, t
	var radius any
	if a.Area != nil {
		f.Geometry = json.RawMessage(`{"type":"Point","coordinates":[` +
			strconv.FormatFloat(a.Area.Lon, 'f', -1, 64) + "," + strconv.FormatFloat(a.Area.Lat, 'f', -1, 64) + "]}")
		radius = a.Area.RadiusM
	}
	f.Props = []Prop{{"kind", string(a.Kind)}, {"severity", string(a.Severity)}, {"status", a.Status},
		{"title", a.Title}, {"description", a.Description}, {"party", a.Party}, {"concerned", a.Concerned},
		{"raised", a.Raised}, {"deadline", a.Deadline}, {"radius_m", radius}, {"level", a.Level},
		{"tlp", string(a.Release.TLP)}, {"log_origin", a.Origin}}
	return f
}
