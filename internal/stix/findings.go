package stix

import (
	"strconv"

	"truce/internal/findings"
	"truce/internal/incidents"
)

// IncidentWithFinding writes in as Incident does, with its finding f as
// the reader may see it: the extension names the layer the finding has
// reached (finding, fact_status, attribution) and each party's position on
// the finding is an opinion (accepts → agree, rejects → disagree,
// reserves → neutral) in place of the co-chair assessments. A position
// read from a co-chair verdict keeps the id of the assessment's opinion.
func (e *Exporter) IncidentWithFinding(in *incidents.Incident, f *findings.View) error {
	return e.incident(in, f)
}

// positions writes the opinions of f's positions about incident incID.
func (e *Exporter) positions(incID string, round int, created string, f *findings.View, common func(typ, id, by, created, modified string) Common) error {
	for _, p := range f.Positions {
		t := TimestampOf(p.Time, created)
		by, err := e.partyIdentity(p.Party)
		if err != nil {
			return err
		}
		key := incID + ":position:" + p.Party
		if p.Legacy {
			key = incID + ":" + strconv.Itoa(round) + ":" + p.Party
		}
		op := Opinion{Common: common("opinion", ID("opinion", key), by, t, t), Explanation: p.Statement,
			Opinion: OpinionOfStance(p.OnFinding), ObjectRefs: []string{incID}}
		if p.Author != "" {
			op.Authors = []string{p.Author}
		}
		if err := e.w.Write(op); err != nil {
			return err
		}
	}
	return nil
}

// OpinionOfStance maps a party's position to a STIX opinion: accepts →
// agree, rejects → disagree, reserves → neutral.
func OpinionOfStance(s findings.Stance) string {
	switch s {
	case findings.StanceAccepts:
		return "agree"
	case findings.StanceRejects:
		return "disagree"
	}
	return "neutral"
}
