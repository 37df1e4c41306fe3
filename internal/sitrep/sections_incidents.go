package sitrep

import (
	"slices"
	"strconv"
	"time"

	"truce/internal/incidents"
	"truce/internal/report/doc"
)

// incidentRefs returns the entries that state an incident: its report
// and the last entry that changed its state. A mirrored incident cites
// its report in its origin's log when the read names that index.
func (w *writer) incidentRefs(in *incidents.Incident) []doc.Ref {
	if in.Origin != "" && in.Origin != w.origin {
		if in.OriginIndex != nil {
			return []doc.Ref{{Origin: in.Origin, Index: uint64(*in.OriginIndex)}}
		}
		return nil
	}
	return w.refs(in.N, in.Seq)
}

// incidentFigure counts the incidents of cur and prev that keep accepts,
// or sums what weight gives for each.
func (w *writer) incidentFigure(label string, cur, prev []incidents.Incident, weight func(*incidents.Incident) int64) doc.Figure {
	sum := func(xs []incidents.Incident, refs *[]doc.Ref) int64 {
		var n int64
		for i := range xs {
			if v := weight(&xs[i]); v > 0 {
				n += v
				if refs != nil {
					*refs = append(*refs, w.incidentRefs(&xs[i])...)
				}
			}
		}
		return n
	}
	fig := doc.Figure{Label: label}
	fig.Value = sum(cur, &fig.Refs)
	p := sum(prev, nil)
	fig.Previous = &p
	return fig
}

// one counts an incident of status s (any status when s is "").
func one(s incidents.Status) func(*incidents.Incident) int64 {
	return func(in *incidents.Incident) int64 {
		if s == "" || in.Status == s {
			return 1
		}
		return 0
	}
}

// headline is the section of headline figures, each beside the previous
// period's.
func (w *writer) headline() doc.Section {
	t, cur, prev := w.t, w.f.incidents, w.f.previous
	figs := doc.Figures{Items: []doc.Figure{
		w.incidentFigure(t.s("fig.incidents"), cur, prev, one("")),
		w.incidentFigure(t.s("fig.confirmed"), cur, prev, one(incidents.StatusConfirmed)),
		w.incidentFigure(t.s("fig.disputed"), cur, prev, one(incidents.StatusDisputed)),
		w.incidentFigure(t.s("fig.killed"), cur, prev, func(in *incidents.Incident) int64 { return int64(in.Killed) }),
		w.incidentFigure(t.s("fig.injured"), cur, prev, func(in *incidents.Incident) int64 { return int64(in.Injured) }),
		w.noticeFigure(),
		w.conflictFigure(),
		w.alertFigure(),
		w.messageFigure(),
	}}
	return doc.Section{ID: "headline", Heading: t.s("sec.headline"), Blocks: []doc.Block{figs}}
}

// statusColumns are the verification statuses in the tables' order.
var statusColumns = []incidents.Status{incidents.StatusConfirmed, incidents.StatusDisputed,
	incidents.StatusUnfounded, incidents.StatusUnderReview, incidents.StatusReported}

// statusTable is a table of incidents per key (a zone or a category) by
// status: one row per key in keys order, a cell per status and a total,
// each cell citing the incidents it counts.
func (w *writer) statusTable(caption, first string, keys []string, names func(string) string, keysOf func(*incidents.Incident) []string) doc.Table {
	t := w.t
	tab := doc.Table{Caption: caption, Columns: []string{first}}
	for _, s := range statusColumns {
		tab.Columns = append(tab.Columns, t.s("status."+string(s)))
	}
	tab.Columns = append(tab.Columns, t.s("col.total"))
	type cell struct {
		n    int
		refs []doc.Ref
	}
	counts := map[string]map[incidents.Status]*cell{}
	for i := range w.f.incidents {
		in := &w.f.incidents[i]
		for _, k := range keysOf(in) {
			m := counts[k]
			if m == nil {
				m = map[incidents.Status]*cell{}
				counts[k] = m
			}
			c := m[in.Status]
			if c == nil {
				c = &cell{}
				m[in.Status] = c
			}
			c.n++
			c.refs = append(c.refs, w.incidentRefs(in)...)
		}
	}
	for _, k := range keys {
		m := counts[k]
		if m == nil {
			continue
		}
		row := []doc.Cell{{Text: names(k)}}
		var total cell
		for _, s := range statusColumns {
			c := m[s]
			if c == nil {
				c = &cell{}
			}
			total.n += c.n
			total.refs = append(total.refs, c.refs...)
			row = append(row, doc.Cell{Text: strconv.Itoa(c.n), Numeric: true, Refs: c.refs})
		}
		row = append(row, doc.Cell{Text: strconv.Itoa(total.n), Numeric: true, Refs: total.refs})
		tab.Rows = append(tab.Rows, row)
	}
	return tab
}

// incidentTables is the section of incidents per zone and per category,
// by verification status. An incident in several zones counts in each;
// one in none the reader may see counts under "(no zone)".
func (w *writer) incidentTables() doc.Section {
	t := w.t
	sec := doc.Section{ID: "incidents", Heading: t.s("sec.incidents")}
	if len(w.f.incidents) == 0 {
		sec.Blocks = []doc.Block{doc.Paragraph{Text: t.s("none")}}
		return sec
	}
	var zoneKeys []string
	for _, z := range w.f.zones {
		zoneKeys = append(zoneKeys, z.ID)
	}
	zoneKeys = append(zoneKeys, "")
	byZone := w.statusTable(t.s("col.zone"), t.s("col.zone"), zoneKeys, w.zoneName, func(in *incidents.Incident) []string {
		if len(in.Zones) == 0 {
			return []string{""}
		}
		return in.Zones
	})
	var cats []string
	for _, c := range incidents.Categories {
		cats = append(cats, string(c))
	}
	byCat := w.statusTable(t.s("col.category"), t.s("col.category"), cats, func(c string) string { return t.s("cat." + c) },
		func(in *incidents.Incident) []string { return []string{string(in.Category)} })
	sec.Blocks = []doc.Block{byZone, byCat}
	return sec
}

// notable is the section of the period's confirmed and disputed
// incidents, each with each co-chair's assessment in the current round.
func (w *writer) notable() doc.Section {
	t := w.t
	sec := doc.Section{ID: "notable", Heading: t.s("sec.notable")}
	var rows []*incidents.Incident
	assessors := map[string]bool{}
	for i := range w.f.incidents {
		in := &w.f.incidents[i]
		if in.Status != incidents.StatusConfirmed && in.Status != incidents.StatusDisputed {
			continue
		}
		rows = append(rows, in)
		for _, a := range in.Assessments {
			assessors[a.Party] = true
		}
	}
	if len(rows) == 0 {
		sec.Blocks = []doc.Block{doc.Paragraph{Text: t.s("none")}}
		return sec
	}
	parties := make([]string, 0, len(assessors))
	for p := range assessors {
		parties = append(parties, p)
	}
	slices.Sort(parties)
	tab := doc.Table{Caption: t.s("sec.notable"), Columns: []string{t.s("col.incident"), t.s("col.time"),
		t.s("col.category"), t.s("col.place"), t.s("col.status")}}
	for _, p := range parties {
		tab.Columns = append(tab.Columns, t.f("col.assessment", p))
	}
	slices.SortFunc(rows, func(a, b *incidents.Incident) int { return int(a.T0 - b.T0) })
	for _, in := range rows {
		refs := w.incidentRefs(in)
		row := []doc.Cell{
			{Text: in.ID, Link: "/incidents/" + in.ID, Refs: refs},
			{Text: time.Unix(in.T0, 0).UTC().Format("2006-01-02 15:04")},
			{Text: t.s("cat." + string(in.Category))},
			{Text: in.PlaceName},
			{Text: t.s("status." + string(in.Status)), Refs: refs},
		}
		for _, p := range parties {
			text := t.s("not.assessed")
			for _, a := range in.Assessments {
				if a.Party == p {
					text = t.s("verdict." + string(a.Verdict))
				}
			}
			row = append(row, doc.Cell{Text: text})
		}
		tab.Rows = append(tab.Rows, row)
	}
	sec.Blocks = []doc.Block{tab}
	return sec
}

// zoneName returns the name of zone id in the report's language ("(no
// zone)" for "").
func (w *writer) zoneName(id string) string {
	if id == "" {
		return w.t.s("nozone")
	}
	for _, z := range w.f.zones {
		v := z.Current
		if v == nil && len(z.Versions) > 0 {
			v = &z.Versions[len(z.Versions)-1]
		}
		if z.ID != id || v == nil {
			continue
		}
		switch {
		case w.t == 1 && v.NameRU != "":
			return v.NameRU
		case w.t == 2 && v.NameAR != "":
			return v.NameAR
		}
		return v.Name
	}
	return id
}
