package sitrep

import (
	"strconv"
	"strings"

	"truce/internal/agreements"
	"truce/internal/agreements/rules"
	"truce/internal/incidents"
	"truce/internal/report/doc"
)

// Compliance states in the period, as the report shows them.
const (
	complianceBreached     = "violation"
	complianceUndetermined = "undetermined"
	complianceKept         = "compliant"
	complianceNotBinding   = "not_binding"
	complianceNotDisclosed = "not_disclosed"
)

// compliance is the section of each party's compliance with each
// obligation of the agreements in force in the period: per obligation and
// bound party, its status in the period and the events of the period that
// bear on it (its hits), citing the incidents' entries. The agreements
// service decides what the reader may see (agreements, incidents, sites);
// with no agreements service the section is left out (ok false).
func (w *writer) compliance() (doc.Section, bool) {
	if !w.f.complianceRead {
		return doc.Section{}, false
	}
	t := w.t
	sec := doc.Section{ID: "compliance", Heading: t.s("sec.compliance")}
	byID := make(map[string]*incidents.Incident, len(w.f.incidents))
	for i := range w.f.incidents {
		byID[w.f.incidents[i].ID] = &w.f.incidents[i]
	}
	for _, ac := range w.f.compliance {
		tab := doc.Table{Caption: ac.agreement.Current.Title + " (" + ac.agreement.ID + " v" + strconv.Itoa(ac.of.Version) + ")",
			Columns: []string{t.s("col.obligation"), t.s("col.party"), t.s("col.status"), t.s("col.hits"), t.s("col.incidents")}}
		for _, o := range ac.of.Obligations {
			binding := startsBefore(o.Rule.From, w.p.To) && !endsBefore(o.Rule.Until, w.p.From)
			unknown := false
			for _, e := range o.Unattributed {
				unknown = unknown || w.p.in(e.Time)
			}
			for _, pc := range o.Parties {
				var hits counted
				var ids []string
				for _, e := range pc.Evidence {
					if !w.p.in(e.Time) {
						continue
					}
					var refs []doc.Ref
					if in := byID[e.EventID]; e.Source == rules.SourceIncident && in != nil {
						refs = w.incidentRefs(in)
					}
					hits.add(refs...)
					ids = append(ids, e.EventID)
				}
				state := complianceKept
				switch {
				case pc.Status == agreements.StatusNotDisclosed:
					state = complianceNotDisclosed
				case !binding || pc.Status == rules.StatusNotBinding && hits.n == 0:
					state = complianceNotBinding
				case hits.n > 0:
					state = complianceBreached
				case unknown:
					state = complianceUndetermined
				}
				tab.Rows = append(tab.Rows, []doc.Cell{{Text: o.Title, Refs: w.refs(ac.agreement.Current.Seq)}, {Text: pc.Party},
					{Text: t.s("compliance." + state)}, hits.cell(), {Text: strings.Join(ids, ", "), Refs: hits.refs}})
			}
		}
		sec.Blocks = append(sec.Blocks, tab)
	}
	if len(sec.Blocks) == 0 {
		sec.Blocks = []doc.Block{doc.Paragraph{Text: t.s("none")}}
	}
	return sec, true
}
