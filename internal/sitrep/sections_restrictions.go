package sitrep

import (
	"fmt"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
	"truce/internal/monitoring"
	"truce/internal/report/doc"
)

// restrictionRefs returns the entry that records restriction r.
func (w *writer) restrictionRefs(r *monitoring.Restriction) []doc.Ref { return w.refs(r.Seq) }

// restrictions is the section of the restrictions of the monitors'
// freedom of movement: how many against the previous period, each one of
// the period (when, what, who controlled the area, where), the count per
// controlling party, and the coverage map of where the monitors could and
// could not see. It states only the restrictions and patrols the reader
// may see (the monitoring service decides); with no monitoring service it
// is left out (ok false).
func (w *writer) restrictions() (doc.Section, bool) {
	if !w.f.monitored {
		return doc.Section{}, false
	}
	t := w.t
	sec := doc.Section{ID: "restrictions", Heading: t.s("sec.restrictions")}
	fig := figure(t.s("fig.restrictions"), w.f.restrictions, w.p, w.prev,
		func(r *monitoring.Restriction) string { return r.Time }, w.restrictionRefs)
	sec.Blocks = append(sec.Blocks, doc.Figures{Items: []doc.Figure{fig}})
	list := doc.Table{Caption: t.s("restr.list"), Columns: []string{t.s("col.time"), t.s("col.kind"),
		t.s("col.controlled_by"), t.s("col.place"), t.s("col.patrol")}}
	per := map[string]*counted{}
	for i := range w.f.restrictions {
		r := &w.f.restrictions[i]
		if !w.p.in(r.Time) {
			continue
		}
		refs := w.restrictionRefs(r)
		at, _ := time.Parse(time.RFC3339Nano, r.Time)
		list.Rows = append(list.Rows, []doc.Cell{{Text: at.UTC().Format("2006-01-02 15:04"), Refs: refs},
			{Text: t.s("restr." + r.Kind)}, {Text: r.ControlledBy}, {Text: place(r)}, {Text: r.PatrolID}})
		c := per[r.ControlledBy]
		if c == nil {
			c = &counted{}
			per[r.ControlledBy] = c
		}
		c.add(refs...)
	}
	if len(list.Rows) == 0 {
		sec.Blocks = append(sec.Blocks, doc.Paragraph{Text: t.s("none")})
	} else {
		byParty := doc.Table{Caption: t.s("restr.by_party"), Columns: []string{t.s("col.controlled_by"), t.s("col.count")}}
		for _, p := range sortedKeys(per) {
			byParty.Rows = append(byParty.Rows, []doc.Cell{{Text: p}, per[p].cell()})
		}
		sec.Blocks = append(sec.Blocks, list, byParty)
	}
	sec.Blocks = append(sec.Blocks, w.coverageBlock())
	return sec, true
}

// place returns a restriction's location as "lat, lon" with its radius.
func place(r *monitoring.Restriction) string {
	pt, err := geo.DecodePoint(r.Location)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%.4f, %.4f ± %s m", pt.Lat(), pt.Lon(), strconv.FormatFloat(r.RadiusM, 'f', -1, 64))
}

// coverageBlock is the coverage map of the period: the cells the monitors
// saw, the cells every patrol there was denied, and the restrictions that
// applied to a patrol, or a paragraph saying that no patrol the reader
// may see was out (so that no report reads "no violation reported" as
// "no violation").
func (w *writer) coverageBlock() doc.Block {
	t := w.t
	m := w.f.coverage
	if m == nil || m.Patrols == 0 {
		return doc.Paragraph{Text: t.s("coverage.none")}
	}
	seen := doc.MapLayer{Name: t.s("layer.seen"), Style: "coverage"}
	denied := doc.MapLayer{Name: t.s("layer.denied"), Style: "coverage.denied"}
	points := doc.MapLayer{Name: t.s("layer.restrictions"), Style: "restriction"}
	var bound *orb.Bound
	for _, f := range m.Features {
		var g orb.Geometry
		switch c := f.Geometry.Coordinates.(type) {
		case [][][2]float64:
			var poly orb.Polygon
			for _, ring := range c {
				r := make(orb.Ring, len(ring))
				for i, p := range ring {
					r[i] = orb.Point(p)
				}
				poly = append(poly, r)
			}
			g = poly
		case orb.Point:
			g = c
		default:
			continue
		}
		b := g.Bound()
		if bound == nil {
			bound = &b
		} else {
			u := bound.Union(b)
			bound = &u
		}
		switch {
		case f.Properties["restriction"] != nil:
			points.Features = append(points.Features, doc.MapFeature{Geometry: g})
		case f.Properties["coverage"] == monitoring.CoverageDenied:
			denied.Features = append(denied.Features, doc.MapFeature{Geometry: g})
		default:
			seen.Features = append(seen.Features, doc.MapFeature{Geometry: g})
		}
	}
	out := doc.Map{Title: t.f("coverage.title", m.Patrols, m.CellDeg), Basemap: true,
		Layers: []doc.MapLayer{seen, denied, points}}
	if bound != nil {
		out.Bound = bound.Pad(0.05)
	}
	return out
}
