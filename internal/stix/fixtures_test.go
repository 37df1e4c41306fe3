package stix

import (
	"encoding/json"

	"truce/internal/access"
	"truce/internal/incidents"
)

// fixtures are incidents as the incidents service returns them: a point
// with assessments and sources (AMBER to us and ru), and an area (CLEAR).
func fixtures() []incidents.Incident {
	return []incidents.Incident{
		{
			Report: incidents.Report{ID: "inc_0001", Category: incidents.CategoryShelling,
				Time:              incidents.TimeSpan{Start: "2016-07-12T14:30:00Z", End: "2016-07-12T15:00:00Z", Precision: "hour"},
				Location:          json.RawMessage(`{"type":"Point","coordinates":[36.7,36.2]}`),
				LocationPrecision: "1km", PlaceName: "Aleppo",
				Perpetrator: incidents.Perpetrator{Kind: "group", Group: "unidentified armed group"},
				Casualties:  []incidents.Casualty{{Outcome: "killed", Group: "civilian", Min: 2, Max: 4, Source: "hospital"}},
				Narrative:   "Shelling of a market.",
				Sources: []incidents.Source{{Name: "Local monitor", Reliability: "B", Credibility: 2, URL: "https://example.org/r/1"},
					{Name: "Hospital records", Reliability: "A", Credibility: 1, Note: "two admitted"}}},
			Party: "us", Author: "us-reporter", ReportedAt: "2016-07-12T16:00:00Z",
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}},
			Status:  incidents.StatusDisputed, Round: 0,
			Assessments: []incidents.Assessment{
				{Party: "us", Verdict: incidents.VerdictConfirmed, Reasoning: "Two sources agree.", Author: "us-analyst", Time: "2016-07-13T09:00:00Z"},
				{Party: "ru", Verdict: incidents.VerdictRejected, Reasoning: "No unit in range.", Author: "ru-analyst", Time: "2016-07-13T10:00:00.5Z"},
			},
			Killed: 2,
		},
		{
			Report: incidents.Report{ID: "inc_0002", ExternalID: "cell-17", Category: incidents.CategoryObstructionOfAccess,
				Time:              incidents.TimeSpan{Start: "2016-07-14T00:00:00Z", Precision: "day"},
				Location:          json.RawMessage(`{"type":"Polygon","coordinates":[[[36.0,36.0],[36.2,36.0],[36.2,36.1],[36.0,36.1],[36.0,36.0]]]}`),
				LocationPrecision: "district", Perpetrator: incidents.Perpetrator{Kind: "party", Party: "ru"},
				Narrative: "Convoy held at a checkpoint for six hours."},
			Party: "un", Author: "un-reporter", ReportedAt: "2016-07-14T12:00:00Z",
			Release: access.Releasability{TLP: access.TLPClear}, Status: incidents.StatusReported,
		},
	}
}

// incidentFixture wraps an incident for the benchmarks.
type incidentFixture struct{ Incident incidents.Incident }
