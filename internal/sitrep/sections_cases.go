package sitrep

import (
	"strings"
	"time"

	"truce/internal/cases"
	"truce/internal/report/doc"
)

// caseRefs returns the entry that opened case c.
func (w *writer) caseRefs(c *cases.Case) []doc.Ref { return w.refs(c.FirstSeq) }

// requestState is a request for information's state at the period's end:
// answered (by then), overdue (its deadline passed unanswered), pending,
// or withdrawn (the party left the centre: never overdue).
func (w *writer) requestState(r *cases.Request) string {
	switch {
	case r.Status == cases.RequestWithdrawn:
		return cases.RequestWithdrawn
	case r.Answer != nil && w.p.before(r.Answer.Time):
		return cases.RequestAnswered
	case w.p.before(r.Deadline):
		return cases.RequestOverdue
	default:
		return cases.RequestPending
	}
}

// casesSection is the section of the cases opened when notified sites or
// movements were hit: how many were opened against the previous period;
// per party asked, the requests for information sent in the period, the
// answers given in it and the requests overdue at its end; and each case
// opened in the period with its incident and the state of its requests.
// It states only the cases the reader may see (the cases service
// decides); with no cases service it is left out (ok false).
func (w *writer) casesSection() (doc.Section, bool) {
	if !w.f.casesRead {
		return doc.Section{}, false
	}
	t := w.t
	sec := doc.Section{ID: "cases", Heading: t.s("sec.cases")}
	fig := figure(t.s("fig.cases"), w.f.cases, w.p, w.prev, func(c *cases.Case) string { return c.Opened }, w.caseRefs)
	sec.Blocks = append(sec.Blocks, doc.Figures{Items: []doc.Figure{fig}})
	type partyRow struct{ sent, answered, overdue counted }
	per := map[string]*partyRow{}
	list := doc.Table{Caption: t.s("cases.list"), Columns: []string{t.s("col.case"), t.s("col.time"), t.s("col.incident"),
		t.s("col.concerns"), t.s("col.requests")}}
	for i := range w.f.cases {
		c := &w.f.cases[i]
		if !w.p.before(c.Opened) {
			continue
		}
		opened := w.p.in(c.Opened)
		var states []string
		for j := range c.Requests {
			r := &c.Requests[j]
			row := per[r.Party]
			if row == nil {
				row = &partyRow{}
				per[r.Party] = row
			}
			if w.p.in(r.Sent) {
				row.sent.add(w.refs(r.Seq)...)
			}
			state := w.requestState(r)
			switch {
			case state == cases.RequestAnswered && w.p.in(r.Answer.Time):
				row.answered.add(w.refs(r.Answer.Seq)...)
			case state == cases.RequestOverdue:
				row.overdue.add(w.refs(r.Seq)...)
			}
			states = append(states, r.Party+": "+t.s("request."+state))
		}
		if !opened {
			continue
		}
		at, _ := time.Parse(time.RFC3339Nano, c.Opened)
		list.Rows = append(list.Rows, []doc.Cell{
			{Text: c.ID, Link: "/cases/" + c.ID, Refs: w.caseRefs(c)},
			{Text: at.UTC().Format("2006-01-02 15:04")},
			{Text: c.Incident.ID, Link: "/incidents/" + c.Incident.ID, Refs: w.refs(c.Incident.Seq)},
			{Text: t.s("concerns." + c.Concern.Type)},
			{Text: strings.Join(states, "; ")},
		})
	}
	if len(per) == 0 {
		sec.Blocks = append(sec.Blocks, doc.Paragraph{Text: t.s("none")})
		return sec, true
	}
	byParty := doc.Table{Caption: t.s("cases.by_party"), Columns: []string{t.s("col.party"), t.s("col.requested"),
		t.s("col.answered"), t.s("col.overdue")}}
	for _, p := range sortedKeys(per) {
		r := per[p]
		byParty.Rows = append(byParty.Rows, []doc.Cell{{Text: p}, r.sent.cell(), r.answered.cell(), r.overdue.cell()})
	}
	sec.Blocks = append(sec.Blocks, byParty)
	if len(list.Rows) > 0 {
		sec.Blocks = append(sec.Blocks, list)
	}
	return sec, true
}
