package sitrep

import (
	"encoding/json"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/report/doc"
)

// chartDays is how many periods the incidents-per-day chart shows.
const chartDays = 30

// charts is the section of charts: incidents per period over the last 30,
// acknowledgement timeliness per party, and alerts open and overdue at
// the period's end per kind.
func (w *writer) charts() doc.Section {
	t := w.t
	daily := doc.BarChart{Title: t.s("chart.daily")}
	index := map[string]int{}
	end, _ := time.ParseInLocation(time.DateOnly, w.p.Date, w.cfg.Location)
	for i := chartDays - 1; i >= 0; i-- {
		d := end.AddDate(0, 0, -i)
		index[d.Format(time.DateOnly)] = len(daily.Labels)
		daily.Labels = append(daily.Labels, d.Format("01-02"))
	}
	counts := make([]float64, len(daily.Labels))
	for i := range w.f.month {
		if k, ok := index[w.localDay(time.Unix(w.f.month[i].T0, 0))]; ok {
			counts[k]++
		}
	}
	daily.Series = []doc.Series{{Name: t.s("series.count"), Values: counts}}

	acks := doc.BarChart{Title: t.s("chart.acks")}
	type timeliness struct{ onTime, late, overdue float64 }
	per := map[string]*timeliness{}
	for i := range w.f.notices {
		n := &w.f.notices[i]
		if n.Cancelled != "" || !w.p.before(n.Notified) {
			continue
		}
		for _, a := range n.Acks {
			r := per[a.Party]
			if r == nil {
				r = &timeliness{}
				per[a.Party] = r
			}
			switch {
			case a.Status == notify.AckAcknowledged && w.p.before(a.Responded) && a.Late:
				r.late++
			case a.Status == notify.AckAcknowledged && w.p.before(a.Responded):
				r.onTime++
			case a.Status == notify.AckPending || a.Status == notify.AckAcknowledged:
				if w.p.before(a.Deadline) {
					r.overdue++
				}
			}
		}
	}
	var on, late, over []float64
	for _, p := range sortedKeys(per) {
		acks.Labels = append(acks.Labels, p)
		on, late, over = append(on, per[p].onTime), append(late, per[p].late), append(over, per[p].overdue)
	}
	acks.Series = []doc.Series{{Name: t.s("series.on_time"), Values: on}, {Name: t.s("series.late"), Values: late},
		{Name: t.s("series.overdue"), Values: over}}

	al := doc.BarChart{Title: t.s("chart.alerts")}
	open, overdue := map[string]float64{}, map[string]float64{}
	for i := range w.f.alerts {
		a := &w.f.alerts[i]
		if _, o, od := w.alertState(a); o {
			open[string(a.Kind)]++
			if od {
				overdue[string(a.Kind)]++
			}
		}
	}
	var ov, dv []float64
	for _, k := range sortedKeys(open) {
		al.Labels = append(al.Labels, k)
		ov, dv = append(ov, open[k]), append(dv, overdue[k])
	}
	al.Series = []doc.Series{{Name: t.s("series.open"), Values: ov}, {Name: t.s("series.overdue"), Values: dv}}
	return doc.Section{ID: "charts", Heading: t.s("sec.charts"), Blocks: []doc.Block{daily, acks, al}}
}

// incidentStyles maps a verification status to its map style.
var incidentStyles = map[incidents.Status]string{
	incidents.StatusConfirmed: "incident.confirmed", incidents.StatusDisputed: "incident.disputed",
	incidents.StatusUnfounded: "incident.unfounded", incidents.StatusUnderReview: "incident.review",
	incidents.StatusReported: "incident.review",
}

// mapSection is the map of the zones, the period's incidents by status,
// and the notified sites and the movements whose window meets the period,
// as the reader may see them.
func (w *writer) mapSection() doc.Section {
	t := w.t
	m := doc.Map{Title: t.s("map.title"), Basemap: true}
	var bound *orb.Bound
	grow := func(g orb.Geometry) {
		b := g.Bound()
		if bound == nil {
			bound = &b
			return
		}
		u := bound.Union(b)
		bound = &u
	}
	zl := doc.MapLayer{Name: t.s("layer.zones"), Style: "zone"}
	for _, z := range w.f.zones {
		if z.Current == nil {
			continue
		}
		if g, err := geo.DecodePolygonal(z.Current.Geometry, geo.Limits{}); err == nil {
			zl.Features = append(zl.Features, doc.MapFeature{Geometry: g, Label: w.zoneName(z.ID)})
			grow(g)
		}
	}
	m.Layers = append(m.Layers, zl)
	for _, s := range statusColumns {
		l := doc.MapLayer{Name: t.s("status." + string(s)), Style: incidentStyles[s]}
		for i := range w.f.incidents {
			in := &w.f.incidents[i]
			if in.Status != s {
				continue
			}
			if g, err := geo.Decode(in.Location, geo.KindPoint|geo.KindPolygonal, geo.Limits{}); err == nil {
				l.Features = append(l.Features, doc.MapFeature{Geometry: g})
				grow(g)
			}
		}
		m.Layers = append(m.Layers, l)
	}
	sites := doc.MapLayer{Name: t.s("layer.sites"), Style: "site"}
	moves := doc.MapLayer{Name: t.s("layer.movements"), Style: "movement"}
	for i := range w.f.notices {
		n := &w.f.notices[i]
		if n.Cancelled != "" && !w.p.in(n.Cancelled) || !w.p.before(n.Notified) {
			continue
		}
		switch {
		case n.Site != nil && len(n.Site.Location) > 0:
			if g, err := geo.Decode(n.Site.Location, geo.KindAny, geo.Limits{}); err == nil {
				sites.Features = append(sites.Features, doc.MapFeature{Geometry: g})
				grow(g)
			}
		case n.Movement != nil && windowMeets(n.Movement.Window, w.p):
			if g, err := geo.Decode(n.Movement.Route, geo.KindLineString, geo.Limits{}); err == nil {
				moves.Features = append(moves.Features, doc.MapFeature{Geometry: g})
				grow(g)
			}
		}
	}
	m.Layers = append(m.Layers, sites, moves)
	if bound != nil {
		m.Bound = bound.Pad(0.05)
	}
	return doc.Section{ID: "map", Heading: t.s("sec.map"), Blocks: []doc.Block{m}}
}

// windowMeets reports whether a movement's window meets period p.
func windowMeets(win notify.Window, p Period) bool {
	raw, _ := json.Marshal(win)
	var v struct{ Start, End string }
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	s, err1 := time.Parse(time.RFC3339, v.Start)
	e, err2 := time.Parse(time.RFC3339, v.End)
	return err1 == nil && err2 == nil && s.Before(p.To) && e.After(p.From)
}
