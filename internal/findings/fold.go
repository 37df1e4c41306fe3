package findings

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"truce/internal/incidents"
	"truce/internal/ledger"
)

// Centre is what Fold needs to know about the centre besides the entries:
// the monitoring-cell parties, the co-chairs, the parties that have left
// and the time at which reply deadlines are judged.
type Centre struct {
	Monitors  map[string]bool
	CoChairs  []string
	Withdrawn map[string]bool
	Now       time.Time
}

// Fold returns the layered finding about incident id from its entries in
// log order (the incident's history as the caller may see it). It is a
// pure function of its arguments. Investigation, fact and attribution
// entries count only when written by a monitoring-cell party; positions,
// whoever states them, never change the investigation, the fact or the
// attribution. An entry whose payload does not decode is skipped.
func Fold(id string, entries []*ledger.Entry, c Centre) *View {
	v := &View{IncidentID: id, Allegations: []Allegation{}, Positions: []Position{}, Replies: []Reply{}}
	positions := map[string]Position{}
	replies := map[string]Replied{}
	replyTimes := map[string]string{}
	for _, e := range entries {
		if Investigative(e.Kind) && !c.Monitors[e.Party] {
			continue
		}
		switch e.Kind {
		case KindAlleged:
			var p Alleged
			if json.Unmarshal(e.Payload, &p) == nil {
				v.Allegations = append(v.Allegations, Allegation{Alleged: p, Party: e.Party, Author: e.Author, Time: e.Time, Seq: e.Seq})
			}
		case KindInvestigationOpened:
			var p InvestigationOpened
			if json.Unmarshal(e.Payload, &p) == nil && v.Investigation == nil {
				v.Investigation = &Investigation{Party: e.Party, Opened: e.Time, Note: p.Note,
					Tasks: []TeamTasked{}, Observations: []Observed{}, Attended: []string{}}
			}
		case KindTeamTasked:
			var p TeamTasked
			if json.Unmarshal(e.Payload, &p) == nil && v.Investigation != nil {
				v.Investigation.Tasks = append(v.Investigation.Tasks, p)
			}
		case KindObserved:
			var p Observed
			if json.Unmarshal(e.Payload, &p) == nil && v.Investigation != nil {
				v.Investigation.Observations = append(v.Investigation.Observations, p)
				v.Investigation.Attended = append(v.Investigation.Attended, p.Attended...)
			}
		case KindReportWritten:
			var p ReportWritten
			if json.Unmarshal(e.Payload, &p) == nil && v.Investigation != nil {
				v.Investigation.Report = &p
			}
		case KindReplied:
			var p Replied
			if json.Unmarshal(e.Payload, &p) == nil {
				replies[e.Party], replyTimes[e.Party] = p, e.Time
			}
		case KindFactEstablished:
			var p FactEstablished
			if json.Unmarshal(e.Payload, &p) == nil {
				v.Fact = &Fact{FactEstablished: p, Party: e.Party, Author: e.Author, Time: e.Time, Seq: e.Seq}
			}
		case KindAttributed:
			var p Attributed
			if json.Unmarshal(e.Payload, &p) == nil {
				v.Attribution = &Attribution{Attributed: p, Party: e.Party, Time: e.Time, Seq: e.Seq}
			}
		case KindPositionStated:
			var p PositionStated
			if json.Unmarshal(e.Payload, &p) == nil {
				positions[e.Party] = Position{Party: e.Party, OnFinding: p.OnFinding, OnAttribution: p.OnAttribution,
					Statement: p.Statement, Author: e.Author, Time: e.Time}
			}
		case incidents.KindAssessed:
			var p incidents.Assessed
			if json.Unmarshal(e.Payload, &p) == nil {
				positions[e.Party] = Position{Party: e.Party, OnFinding: stanceOf(p.Verdict), Statement: p.Reasoning,
					Author: e.Author, Time: e.Time, Legacy: true}
			}
		case incidents.KindReopened:
			for k, p := range positions { // a new round: earlier verdicts no longer count
				if p.Legacy {
					delete(positions, k)
				}
			}
		}
	}
	for p := range c.Withdrawn {
		v.Withdrawn = append(v.Withdrawn, p)
	}
	slices.Sort(v.Withdrawn)
	for _, p := range positions {
		p.Withdrawn = c.Withdrawn[p.Party]
		v.Positions = append(v.Positions, p)
	}
	sort.Slice(v.Positions, func(i, j int) bool { return v.Positions[i].Party < v.Positions[j].Party })
	if v.Investigation != nil {
		slices.Sort(v.Investigation.Attended)
		v.Investigation.Attended = slices.Compact(v.Investigation.Attended)
		if r := v.Investigation.Report; r != nil {
			v.Replies = replyStates(r, replies, replyTimes, c)
		}
	}
	v.Agreement = agreement(v, positions, c)
	v.Status = status(v)
	return v
}

// stanceOf reads a co-chair verdict as a position on the finding.
func stanceOf(v incidents.Verdict) Stance {
	switch v {
	case incidents.VerdictConfirmed:
		return StanceAccepts
	case incidents.VerdictRejected:
		return StanceRejects
	}
	return StanceReserves
}

func replyStates(r *ReportWritten, replies map[string]Replied, times map[string]string, c Centre) []Reply {
	out := []Reply{}
	due, _ := time.Parse(time.RFC3339, r.ReplyBy)
	for _, p := range r.Concerned {
		rp := Reply{Party: p, ReplyBy: r.ReplyBy}
		switch got, ok := replies[p]; {
		case ok:
			rp.State, rp.Text, rp.Time, rp.Label = ReplyReplied, got.Text, times[p], "replied"
		case c.Withdrawn[p]:
			rp.State, rp.Label = ReplyWithdrawn, "unanswered (withdrawn)"
		case !c.Now.Before(due):
			rp.State, rp.Label = ReplyLapsed, "unanswered (deadline lapsed)"
		default:
			rp.State, rp.Label = ReplyPending, "due by "+r.ReplyBy
		}
		out = append(out, rp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Party < out[j].Party })
	return out
}

// agreement is the co-chairs' joint agreement label: every co-chair still
// in the centre (at least one) accepts the established fact.
func agreement(v *View, positions map[string]Position, c Centre) string {
	if v.Fact == nil {
		return ""
	}
	n := 0
	for _, cc := range c.CoChairs {
		if c.Withdrawn[cc] {
			continue
		}
		if positions[cc].OnFinding != StanceAccepts {
			return ""
		}
		n++
	}
	if n == 0 {
		return ""
	}
	return "agreed by the co-chairs"
}

func status(v *View) Status {
	var s Status
	var parts []string
	switch {
	case v.Fact != nil:
		s.Fact = StatusEstablished
		parts = append(parts, "fact established by the monitors")
	case v.Investigation != nil:
		s.Fact = StatusUnderInvestigation
		parts = append(parts, "under investigation by the monitors")
	case len(v.Allegations) > 0:
		s.Fact = StatusAlleged
		parts = append(parts, "alleged; not investigated")
	default:
		s.Fact = StatusNone
		parts = append(parts, "reported; no finding")
	}
	if a := v.Attribution; a != nil {
		s.Attribution = a.State
		switch a.State {
		case AttributionAttributed:
			parts = append(parts, "attributed to "+a.Responsible)
		default:
			parts = append(parts, "attribution "+a.State)
		}
	}
	if v.Agreement != "" {
		parts = append(parts, v.Agreement)
	}
	var ps []string
	for _, p := range v.Positions {
		x := p.Party + ": " + string(p.OnFinding)
		if p.Withdrawn {
			x += " (withdrawn)"
		}
		ps = append(ps, x)
	}
	for _, r := range v.Replies {
		if r.State == ReplyWithdrawn && !slices.ContainsFunc(v.Positions, func(p Position) bool { return p.Party == r.Party }) {
			ps = append(ps, r.Party+": withdrawn")
		}
	}
	if len(ps) > 0 {
		parts = append(parts, strings.Join(ps, ", "))
	}
	s.Label = strings.Join(parts, "; ")
	return s
}
