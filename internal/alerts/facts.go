package alerts

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// IncidentFromEntry returns the facts of an incident.reported entry, and
// false for entries of other kinds. The end of an incident without one is
// its start plus its time precision (an hour, a day, a week).
func IncidentFromEntry(e *ledger.Entry) (Incident, bool, error) {
	if e.Kind != incidents.KindReported {
		return Incident{}, false, nil
	}
	p, err := ledgerPayload[incidents.Reported](e)
	if err != nil {
		return Incident{}, true, err
	}
	r := p.Incident
	g, err := geo.Decode(r.Location, geo.KindPoint|geo.KindPolygonal, geo.Limits{})
	if err != nil {
		return Incident{}, true, fmt.Errorf("alerts: incident %s location: %w", r.ID, err)
	}
	start, err := time.Parse(time.RFC3339Nano, r.Time.Start)
	if err != nil {
		return Incident{}, true, fmt.Errorf("alerts: incident %s start: %w", r.ID, err)
	}
	end := start
	if r.Time.End != "" {
		if end, err = time.Parse(time.RFC3339Nano, r.Time.End); err != nil {
			return Incident{}, true, fmt.Errorf("alerts: incident %s end: %w", r.ID, err)
		}
	} else {
		switch r.Time.Precision {
		case incidents.TimeHour:
			end = start.Add(time.Hour)
		case incidents.TimeDay:
			end = start.Add(24 * time.Hour)
		case incidents.TimeWeek:
			end = start.Add(7 * 24 * time.Hour)
		}
	}
	inc := Incident{ID: r.ID, Seq: e.Seq, Geometry: g, Start: start, End: end, Release: e.Release}
	if r.Perpetrator.Kind == "party" {
		inc.Perpetrator = r.Perpetrator.Party
	}
	return inc, true, nil
}

// SiteFacts returns the rule facts of active site notices.
func SiteFacts(ns []notify.Notice) []SiteFact {
	var out []SiteFact
	for _, n := range ns {
		if n.Site == nil || n.Status != notify.StatusActive {
			continue
		}
		pt, err := notify.SiteGeometry(n.Site)
		if err != nil {
			continue // stored notices were validated; skip rather than fail the rest
		}
		f := SiteFact{ID: n.ID, Seq: n.Seq, Version: n.Version, Name: siteName(n.Site), Names: n.Site.Names, Location: pt, BufferM: n.Site.BufferM,
			Notifier: n.Party, NotifiedAt: map[string]time.Time{}, Release: n.Release}
		for _, a := range n.Acks {
			if t, err := time.Parse(time.RFC3339Nano, a.FirstNotified); err == nil {
				f.NotifiedAt[a.Party] = t
			}
		}
		out = append(out, f)
	}
	return out
}

// MovementFacts returns the rule facts of active movement notices.
func MovementFacts(ns []notify.Notice) []MovementFact {
	var out []MovementFact
	for _, n := range ns {
		if n.Movement == nil || n.Status != notify.StatusActive {
			continue
		}
		m := n.Movement
		route, err := notify.MovementGeometry(m)
		if err != nil {
			continue
		}
		start, err1 := time.Parse(time.RFC3339, m.Window.Start)
		end, err2 := time.Parse(time.RFC3339, m.Window.End)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, MovementFact{ID: n.ID, Seq: n.Seq, Version: n.Version, Route: route, CorridorM: m.CorridorM, Start: start, End: end,
			Notifier: n.Party, Parties: m.Parties, Release: n.Release})
	}
	return out
}

func siteName(s *notify.Site) string {
	if n, ok := s.Names["en"]; ok {
		return n
	}
	langs := make([]string, 0, len(s.Names))
	for l := range s.Names {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	if len(langs) == 0 {
		return ""
	}
	return s.Names[langs[0]]
}

// circleAround returns the centre of b and a radius covering it, in metres.
func circleAround(b orb.Bound, pad float64) (orb.Point, float64) {
	c := b.Center()
	r := max(geo.Distance(c, b.Min), geo.Distance(c, b.Max)) + pad
	return c, math.Ceil(r)
}

// ledgerPayload decodes an entry's payload into a T.
func ledgerPayload[T any](e *ledger.Entry) (*T, error) {
	var v T
	if err := json.Unmarshal(e.Payload, &v); err != nil {
		return nil, fmt.Errorf("alerts: payload of %s #%d: %w", e.Kind, e.Seq, err)
	}
	return &v, nil
}
