package features

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/notify"
	"truce/internal/ogc/cql2"
)

// Notices is the sites or the movements collection (by Type): one feature
// per humanitarian notification, a site's point (with its buffer radius
// as a property) or a movement's route (with its window as the time).
// Ordered by id; every notice the caller may see, a page at a time.
type Notices struct {
	Service *notify.Service
	Type    notify.Type
}

var siteKinds = func() []string {
	out := make([]string, len(notify.SiteKinds))
	for i, k := range notify.SiteKinds {
		out[i] = string(k)
	}
	return out
}()

// Info implements Collection.
func (c Notices) Info() Info {
	common := []Queryable{
		{Name: "status", Title: "Status", Type: cql2.String, Enum: []string{notify.StatusActive, notify.StatusCancelled}},
		{Name: "party", Title: "Notifying party", Type: cql2.String},
		{Name: "version", Title: "Version", Type: cql2.Integer},
		{Name: "notified", Title: "First notified", Type: cql2.Timestamp},
		{Name: "updated", Title: "Last updated", Type: cql2.Timestamp},
		{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
		{Name: "log_origin", Title: "Origin: the party node's log that holds the record", Type: cql2.String},
	}
	if c.Type == notify.TypeSite {
		return Info{ID: "sites", Title: "Protected sites",
			Description: "Protected sites notified to the parties (hospitals, schools, camps, …) with the buffer around each that must be spared.",
			Queryables: append([]Queryable{
				{Name: "kind", Title: "Kind of site", Type: cql2.String, Enum: siteKinds},
				{Name: "name", Title: "Name", Type: cql2.String},
				{Name: "buffer_m", Title: "Buffer radius (m)", Type: cql2.Number},
			}, common...),
			Columns: []Column{
				{"id", "#loc+code", "@id"}, {"kind", "#loc+type", "kind"}, {"name", "#loc+name", "name"},
				{"name_ar", "#loc+name+i_ar", "name_ar"}, {"name_ru", "#loc+name+i_ru", "name_ru"},
				{"latitude", "#geo+lat", "@lat"}, {"longitude", "#geo+lon", "@lon"},
				{"buffer_m", "#geo+buffer+m", "buffer_m"}, {"status", "#status", "status"},
				{"party", "#org+notifying", "party"}, {"notified", "#date+notified", "notified"},
				{"updated", "#date+updated", "updated"}, {"tlp", "#meta+tlp", "tlp"},
				{"log_origin", "#meta+origin", "log_origin"},
			}}
	}
	return Info{ID: "movements", Title: "Humanitarian movements",
		Description: "Humanitarian movements (convoys) notified to the parties: route, corridor width and time window.",
		Queryables: append([]Queryable{
			{Name: "cargo", Title: "Cargo", Type: cql2.String, Enum: notify.Cargo},
			{Name: "vehicles", Title: "Vehicles", Type: cql2.Integer},
			{Name: "origin", Title: "Origin", Type: cql2.String},
			{Name: "destination", Title: "Destination", Type: cql2.String},
			{Name: "window_start", Title: "Window start", Type: cql2.Timestamp},
			{Name: "window_end", Title: "Window end", Type: cql2.Timestamp},
			{Name: "corridor_m", Title: "Corridor half-width (m)", Type: cql2.Number},
		}, common...),
		Columns: []Column{
			{"id", "#activity+code", "@id"}, {"cargo", "#item+type", "cargo"}, {"vehicles", "#indicator+vehicles+num", "vehicles"},
			{"origin", "#loc+name+origin", "origin"}, {"destination", "#loc+name+destination", "destination"},
			{"window_start", "#date+start", "window_start"}, {"window_end", "#date+end", "window_end"},
			{"corridor_m", "#geo+buffer+m", "corridor_m"}, {"status", "#status", "status"},
			{"party", "#org+notifying", "party"}, {"notified", "#date+notified", "notified"},
			{"tlp", "#meta+tlp", "tlp"}, {"log_origin", "#meta+origin", "log_origin"}, {"route_wkt", "#geo+wkt", "@wkt"},
		}}
}

// Each implements Collection: it walks the service's keyset pages in id
// order, so every notice by may see is served and memory stays constant.
func (c Notices) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	f := notify.Filter{Type: c.Type, Status: q.Equal["status"], Party: q.Equal["party"], Limit: pageSize}
	after := afterID(q.After)
	for {
		page, err := c.Service.PageByID(ctx, by, f, after)
		if err != nil {
			return fmt.Errorf("features: %s: %w", c.Type, err)
		}
		for i := range page.Items {
			if err := yield(noticeFeature(&page.Items[i])); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		if after, err = notify.IDListing(c.Type).Parse(page.Next); err != nil {
			return fmt.Errorf("features: %s: %w", c.Type, err)
		}
	}
}

// Get implements Collection. A notice of the other type is not found.
func (c Notices) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	n, err := c.Service.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if n.Type != c.Type {
		return nil, fmt.Errorf("%s %s: %w", c.Type, id, fault.ErrNotFound)
	}
	f := noticeFeature(n)
	f.Cursor = f.ID
	return f, nil
}

func noticeFeature(n *notify.Notice) *Feature {
	f := &Feature{ID: n.ID, Cursor: n.ID, Owner: n.Party, Release: n.Release}
	common := []Prop{{"status", n.Status}, {"party", n.Party}, {"version", n.Version},
		{"notified", n.Notified}, {"updated", n.Updated}, {"tlp", string(n.Release.TLP)}, {"log_origin", n.Origin}}
	if s := n.Site; s != nil {
		f.Geometry = s.Location
		f.Start, f.End = timePtr(n.Notified), timePtr(n.Cancelled)
		f.Props = append([]Prop{{"kind", string(s.Kind)}, {"name", siteName(s.Names)},
			{"name_ar", orNil(s.Names["ar"])}, {"name_ru", orNil(s.Names["ru"])}, {"buffer_m", s.BufferM}}, common...)
		f.Props = append(f.Props, Prop{"notified_parties", s.Parties})
	}
	if m := n.Movement; m != nil {
		f.Geometry = m.Route
		f.Start, f.End = timePtr(m.Window.Start), timePtr(m.Window.End)
		f.Props = append([]Prop{{"cargo", m.Cargo}, {"vehicles", m.Vehicles}, {"origin", orNil(m.Origin)},
			{"destination", orNil(m.Destination)}, {"window_start", m.Window.Start}, {"window_end", m.Window.End},
			{"corridor_m", m.CorridorM}}, common...)
		f.Props = append(f.Props, Prop{"notified_parties", m.Parties})
	}
	if len(f.Geometry) == 0 {
		f.Geometry = json.RawMessage("null")
	}
	return f
}

// siteName returns the English name, or else the first by language code.
func siteName(names map[string]string) string {
	if n := names["en"]; n != "" {
		return n
	}
	best := ""
	for lang := range names {
		if best == "" || strings.Compare(lang, best) < 0 {
			best = lang
		}
	}
	return names[best]
}
