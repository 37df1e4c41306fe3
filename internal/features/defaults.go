package features

import (
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/ogc/cql2"
	"truce/internal/zones"
)

// Services are the domain services behind the standard collections; a nil
// service leaves its collection out.
type Services struct {
	Zones     *zones.Service
	Incidents *incidents.Service
	// Findings, with Incidents, names each incident's finding layer.
	Findings *findings.Service
	Notify   *notify.Service
	Alerts   *alerts.Service
	Flights  *flights.Service
	// Agreements serves the passages, agreements and obligations
	// collections.
	Agreements *agreements.Service
}

// Standard returns a registry of the collections whose services are set:
// zones, incidents, sites, movements, alerts, flights, passages, agreements, obligations. More are added with
// Register.
func Standard(s Services) *Registry {
	r := NewRegistry()
	if s.Zones != nil {
		r.Register(Zones{Service: s.Zones})
	}
	if s.Incidents != nil {
		r.Register(Incidents{Service: s.Incidents, Findings: s.Findings})
	}
	if s.Notify != nil {
		r.Register(Notices{Service: s.Notify, Type: notify.TypeSite})
		r.Register(Notices{Service: s.Notify, Type: notify.TypeMovement})
	}
	if s.Alerts != nil {
		r.Register(Alerts{Service: s.Alerts})
	}
	if s.Flights != nil {
		r.Register(Flights{Service: s.Flights})
	}
	if s.Agreements != nil {
		r.Register(Passages{Service: s.Agreements})
		r.Register(Agreements{Service: s.Agreements})
		r.Register(Obligations{Service: s.Agreements})
	}
	return r
}

// QueryablesOf returns the filter properties of info for cql2.Parse: its
// queryables and the "id", "geometry" and "datetime" every collection has.
func QueryablesOf(info Info) cql2.Queryables {
	return func(name string) (cql2.Type, bool) {
		switch name {
		case "id":
			return cql2.String, true
		case "geometry":
			return cql2.Geometry, true
		case "datetime":
			return cql2.IntervalType, true
		}
		for _, q := range info.Queryables {
			if q.Name == name {
				return q.Type, true
			}
		}
		return 0, false
	}
}
