package sitrep

import (
	"time"

	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/report/doc"
)

func (w *writer) conflictFigure() doc.Figure {
	return figure(w.t.s("fig.conflicts"), w.f.conflicts, w.p, w.prev, conflictTime,
		func(c *flights.Conflict) []doc.Ref { return w.refs(c.Seq) })
}

func (w *writer) messageFigure() doc.Figure {
	return figure(w.t.s("fig.messages"), w.f.messages, w.p, w.prev, func(m *hotline.Message) string { return m.Sent },
		func(m *hotline.Message) []doc.Ref { return w.refs(m.SentSeq) })
}

// conflictTime is when a conflict was raised (its predicted start when the
// record does not say).
func conflictTime(c *flights.Conflict) string {
	if c.Raised != "" {
		return c.Raised
	}
	return c.Start
}

// airspace is the section of the period's airspace conflicts and
// advisories, per kind and pair of parties.
func (w *writer) airspace() doc.Section {
	t := w.t
	sec := doc.Section{ID: "airspace", Heading: t.s("sec.airspace")}
	rows := map[string]*counted{}
	kinds := map[string][2]string{}
	for i := range w.f.conflicts {
		c := &w.f.conflicts[i]
		if !w.p.in(conflictTime(c)) {
			continue
		}
		parties := joinParties(c.Parties)
		k := c.Kind + "\x00" + parties
		if rows[k] == nil {
			rows[k] = &counted{}
			kinds[k] = [2]string{c.Kind, parties}
		}
		rows[k].add(w.refs(c.Seq)...)
	}
	if len(rows) == 0 {
		sec.Blocks = []doc.Block{doc.Paragraph{Text: t.s("none")}}
		return sec
	}
	tab := doc.Table{Caption: t.s("sec.airspace"), Columns: []string{t.s("col.kind"), t.s("col.parties"), t.s("col.count")}}
	for _, k := range sortedKeys(rows) {
		tab.Rows = append(tab.Rows, []doc.Cell{{Text: kinds[k][0]}, {Text: kinds[k][1]}, rows[k].cell()})
	}
	sec.Blocks = []doc.Block{tab}
	return sec
}

// alertsSection is the section of alerts per kind: raised in the period,
// and open and overdue (open past their deadline) at its end.
func (w *writer) alertsSection() doc.Section {
	t := w.t
	sec := doc.Section{ID: "alerts", Heading: t.s("sec.alerts")}
	type row struct{ raised, open, overdue counted }
	rows := map[string]*row{}
	for i := range w.f.alerts {
		a := &w.f.alerts[i]
		raised, open, overdue := w.alertState(a)
		if !raised && !open {
			continue
		}
		r := rows[string(a.Kind)]
		if r == nil {
			r = &row{}
			rows[string(a.Kind)] = r
		}
		refs := w.refs(a.RaisedSeq)
		if raised {
			r.raised.add(refs...)
		}
		if open {
			r.open.add(refs...)
		}
		if overdue {
			r.overdue.add(refs...)
		}
	}
	if len(rows) == 0 {
		sec.Blocks = []doc.Block{doc.Paragraph{Text: t.s("none")}}
		return sec
	}
	tab := doc.Table{Caption: t.s("sec.alerts"), Columns: []string{t.s("col.kind"), t.s("fig.alerts"), t.s("col.open"), t.s("col.overdue")}}
	for _, k := range sortedKeys(rows) {
		r := rows[k]
		tab.Rows = append(tab.Rows, []doc.Cell{{Text: k}, r.raised.cell(), r.open.cell(), r.overdue.cell()})
	}
	sec.Blocks = []doc.Block{tab}
	return sec
}

// alertState says whether a was raised in the period, was open at its end
// (raised by then and not acknowledged by then or since), and was overdue
// then (open and past its deadline).
func (w *writer) alertState(a *alerts.Alert) (raised, open, overdue bool) {
	raised = w.p.in(a.Raised)
	if !w.p.before(a.Raised) {
		return raised, false, false
	}
	open = a.Status == alerts.StatusOpen
	if !open {
		// Acknowledged: open at the period's end if the last
		// acknowledgement came after it.
		for _, k := range a.Acks {
			if k.Time != "" && !w.p.before(k.Time) {
				open = true
			}
		}
	}
	return raised, open, open && w.p.before(a.Deadline)
}

// hotline is the section of hotline traffic: messages sent in the
// period, per sender and addressee. It counts messages and never shows
// their subjects or content.
func (w *writer) hotline() doc.Section {
	t := w.t
	sec := doc.Section{ID: "hotline", Heading: t.s("sec.hotline")}
	rows := map[string]*counted{}
	pair := map[string][2]string{}
	for i := range w.f.messages {
		m := &w.f.messages[i]
		if !w.p.in(m.Sent) {
			continue
		}
		k := m.Party + "\x00" + m.To
		if rows[k] == nil {
			rows[k] = &counted{}
			pair[k] = [2]string{m.Party, m.To}
		}
		rows[k].add(w.refs(m.SentSeq)...)
	}
	if len(rows) == 0 {
		sec.Blocks = []doc.Block{doc.Paragraph{Text: t.s("none")}}
		return sec
	}
	tab := doc.Table{Caption: t.s("sec.hotline"), Columns: []string{t.s("col.party"), t.s("col.parties"), t.s("col.sent")}}
	for _, k := range sortedKeys(rows) {
		tab.Rows = append(tab.Rows, []doc.Cell{{Text: pair[k][0]}, {Text: pair[k][1]}, rows[k].cell()})
	}
	sec.Blocks = []doc.Block{tab}
	return sec
}

// joinParties writes parties as "us–ru".
func joinParties(ps []string) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += "–"
		}
		out += p
	}
	return out
}

// localDay returns the period (by its date) that instant u falls in.
func (w *writer) localDay(u time.Time) string {
	l := u.In(w.cfg.Location)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, w.cfg.Location)
	if l.After(cutoffOn(day, w.cfg.Cutoff, w.cfg.Location)) {
		day = day.AddDate(0, 0, 1)
	}
	return day.Format(time.DateOnly)
}
