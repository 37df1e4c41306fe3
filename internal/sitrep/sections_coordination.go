package sitrep

import (
	"slices"
	"strconv"

	"truce/internal/alerts"
	"truce/internal/notify"
	"truce/internal/report/doc"
)

// counted is a number and the entries it counts.
type counted struct {
	n    int64
	refs []doc.Ref
}

// add counts one more record stated by refs.
func (c *counted) add(refs ...doc.Ref) { c.n++; c.refs = append(c.refs, refs...) }

// cell is c as a numeric table cell.
func (c *counted) cell() doc.Cell {
	return doc.Cell{Text: strconv.FormatInt(c.n, 10), Numeric: true, Refs: c.refs}
}

// figure returns a Figure of the records of cur and prev that in places
// in each period.
func figure[T any](label string, xs []T, cur, prev Period, when func(*T) string, refs func(*T) []doc.Ref) doc.Figure {
	var c counted
	var p int64
	for i := range xs {
		switch at := when(&xs[i]); {
		case cur.in(at):
			c.add(refs(&xs[i])...)
		case prev.in(at):
			p++
		}
	}
	return doc.Figure{Label: label, Value: c.n, Previous: &p, Refs: c.refs}
}

func (w *writer) noticeFigure() doc.Figure {
	return figure(w.t.s("fig.notices"), w.f.notices, w.p, w.prev, func(n *notify.Notice) string { return n.Notified },
		func(n *notify.Notice) []doc.Ref { return w.refs(n.FirstSeq) })
}

func (w *writer) alertFigure() doc.Figure {
	return figure(w.t.s("fig.alerts"), w.f.alerts, w.p, w.prev, func(a *alerts.Alert) string { return a.Raised },
		func(a *alerts.Alert) []doc.Ref { return w.refs(a.RaisedSeq) })
}

// notifications is the section of notifications made in the period, per
// notifying party and type, and the acknowledgements owed on every notice
// the reader may see, per acknowledging party: acknowledged, pending,
// overdue (past its deadline at the period's end).
func (w *writer) notifications() doc.Section {
	t := w.t
	sec := doc.Section{ID: "notifications", Heading: t.s("sec.notifications")}
	made := map[string]map[notify.Type]*counted{}
	type ackRow struct{ acked, pending, overdue counted }
	acks := map[string]*ackRow{}
	for i := range w.f.notices {
		n := &w.f.notices[i]
		if w.p.in(n.Notified) {
			m := made[n.Party]
			if m == nil {
				m = map[notify.Type]*counted{notify.TypeSite: {}, notify.TypeMovement: {}}
				made[n.Party] = m
			}
			m[n.Type].add(w.refs(n.FirstSeq)...)
		}
		if n.Cancelled != "" || !w.p.before(n.Notified) {
			continue
		}
		for _, a := range n.Acks {
			if a.Status != notify.AckPending && a.Status != notify.AckAcknowledged {
				continue // a party that has left: nothing waits for it
			}
			r := acks[a.Party]
			if r == nil {
				r = &ackRow{}
				acks[a.Party] = r
			}
			switch {
			case a.Status == notify.AckAcknowledged && w.p.before(a.Responded):
				r.acked.add(w.refs(a.Seq)...)
			case w.p.before(a.Deadline):
				r.overdue.add(w.refs(n.Seq)...)
			default:
				r.pending.add(w.refs(n.Seq)...)
			}
		}
	}
	if len(made) == 0 && len(acks) == 0 {
		sec.Blocks = []doc.Block{doc.Paragraph{Text: t.s("none")}}
		return sec
	}
	madeTab := doc.Table{Caption: t.s("fig.notices"), Columns: []string{t.s("col.made"), t.s("type.site"), t.s("type.movement")}}
	for _, p := range sortedKeys(made) {
		madeTab.Rows = append(madeTab.Rows, []doc.Cell{{Text: p}, made[p][notify.TypeSite].cell(), made[p][notify.TypeMovement].cell()})
	}
	ackTab := doc.Table{Caption: t.s("chart.acks"), Columns: []string{t.s("col.party"), t.s("col.acknowledged"), t.s("col.pending"), t.s("col.overdue")}}
	for _, p := range sortedKeys(acks) {
		r := acks[p]
		ackTab.Rows = append(ackTab.Rows, []doc.Cell{{Text: p}, r.acked.cell(), r.pending.cell(), r.overdue.cell()})
	}
	sec.Blocks = []doc.Block{madeTab, ackTab}
	return sec
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
