package findings

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/testseed"
)

func entry(seq int64, party, kind string, payload any) *ledger.Entry {
	b, _ := json.Marshal(payload)
	return &ledger.Entry{Seq: seq, Party: party, Author: party + "-user", Kind: kind, Subject: incidents.Subject("inc-1"),
		Time: time.Date(2026, 1, 1, 0, 0, int(seq), 0, time.UTC).Format(time.RFC3339Nano), Payload: b}
}

var centre = Centre{Monitors: map[string]bool{"un": true}, CoChairs: []string{"ru", "us"},
	Withdrawn: map[string]bool{}, Now: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}

func TestFoldNamesTheLayer(t *testing.T) {
	fact := FactEstablished{IncidentID: "inc-1", What: "shelling of the market", Where: "Aleppo", When: "2026-01-01", Confidence: "high"}
	base := []*ledger.Entry{
		entry(1, "us", KindAlleged, Alleged{Source: "party", Text: "shelled"}),
		entry(2, "un", KindInvestigationOpened, InvestigationOpened{Note: "preliminary"}),
		entry(3, "un", KindReportWritten, ReportWritten{Summary: "s", Concerned: []string{"ru", "us"}, ReplyBy: "2026-01-15T00:00:00Z"}),
		entry(4, "us", KindReplied, Replied{Text: "agree"}),
	}
	withFact := append(append([]*ledger.Entry{}, base...), entry(5, "un", KindFactEstablished, fact),
		entry(6, "un", KindAttributed, Attributed{State: AttributionDisputed, Reasoning: "two sides fired"}),
		entry(7, "us", KindPositionStated, PositionStated{OnFinding: StanceAccepts, Statement: "yes"}),
		entry(8, "ru", incidents.KindAssessed, incidents.Assessed{Verdict: incidents.VerdictRejected, Reasoning: "no"}))
	withdrawn := centre
	withdrawn.Withdrawn = map[string]bool{"ru": true}
	withdrawn.CoChairs = []string{"us"}
	early := centre
	early.Now = time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		entries []*ledger.Entry
		c       Centre
		label   string
	}{
		{"nothing", nil, centre, "reported; no finding"},
		{"alleged", base[:1], centre, "alleged; not investigated"},
		{"reply pending", base, early, "under investigation by the monitors"},
		{"fact, disputed, positions", withFact, centre, "fact established by the monitors; attribution disputed; ru: rejects, us: accepts"},
		{"a fact by a party is no fact", append(base[:1:1], entry(9, "us", KindFactEstablished, fact)), centre, "alleged; not investigated"},
		{"withdrawn co-chair", withFact, withdrawn, "fact established by the monitors; attribution disputed; agreed by the co-chairs; ru: rejects (withdrawn), us: accepts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Fold("inc-1", tc.entries, tc.c)
			if v.Status.Label != tc.label {
				t.Errorf("label %q, want %q", v.Status.Label, tc.label)
			}
		})
	}
	// The status's fields say what its label says, for clients translating it.
	st := Fold("inc-1", withFact, withdrawn).Status
	wantParties := []PartyStatus{{Party: "ru", OnFinding: StanceRejects, Withdrawn: true}, {Party: "us", OnFinding: StanceAccepts}}
	if !st.Agreed || st.Attribution != AttributionDisputed || !reflect.DeepEqual(st.Parties, wantParties) {
		t.Errorf("status fields %+v, want agreed, disputed, %+v", st, wantParties)
	}
	if st := Fold("inc-1", base, withdrawn).Status; !reflect.DeepEqual(st.Parties, []PartyStatus{{Party: "ru", Withdrawn: true}}) {
		t.Errorf("a withdrawn party without a position: %+v", st.Parties)
	}
	v := Fold("inc-1", base, centre)
	if len(v.Replies) != 2 || v.Replies[0].State != ReplyLapsed || v.Replies[1].State != ReplyReplied {
		t.Errorf("replies after the deadline: %+v", v.Replies)
	}
	if v := Fold("inc-1", base, early); v.Replies[0].State != ReplyPending {
		t.Errorf("replies before the deadline: %+v", v.Replies)
	}
	if v := Fold("inc-1", base, withdrawn); v.Replies[0].State != ReplyWithdrawn || v.Replies[0].Label != "unanswered (withdrawn)" {
		t.Errorf("a withdrawn party's reply: %+v", v.Replies)
	}
}

// TestNoPositionsChangeAFact: whatever positions, verdicts, reopenings,
// replies and would-be facts or attributions the parties (not the
// monitoring cell) write, in any order, the established fact and the
// attribution are those the monitors wrote.
func TestNoPositionsChangeAFact(t *testing.T) {
	seed := testseed.Seed(t)
	r := rand.New(rand.NewPCG(seed, 0))
	fact := entry(100, "un", KindFactEstablished, FactEstablished{What: "strike", Where: "here", When: "then", Confidence: "medium"})
	attr := entry(101, "un", KindAttributed, Attributed{State: AttributionAttributed, Responsible: "ru", Reasoning: "r"})
	want := Fold("inc-1", []*ledger.Entry{fact, attr}, centre)
	stances := []Stance{StanceAccepts, StanceRejects, StanceReserves}
	verdicts := []incidents.Verdict{incidents.VerdictConfirmed, incidents.VerdictRejected, incidents.VerdictNeedsInformation}
	for round := 0; round < 500; round++ {
		es := []*ledger.Entry{}
		at := r.IntN(20)
		for i := 0; i < 20; i++ {
			if i == at {
				es = append(es, fact, attr)
			}
			p := []string{"us", "ru", "sy", "ngo"}[r.IntN(4)]
			seq := int64(200 + i)
			switch r.IntN(5) {
			case 0:
				es = append(es, entry(seq, p, KindPositionStated, PositionStated{OnFinding: stances[r.IntN(3)], OnAttribution: stances[r.IntN(3)], Statement: "s"}))
			case 1:
				es = append(es, entry(seq, p, incidents.KindAssessed, incidents.Assessed{Verdict: verdicts[r.IntN(3)], Reasoning: "r"}))
			case 2:
				es = append(es, entry(seq, p, KindFactEstablished, FactEstablished{What: fmt.Sprint("not ", i), Confidence: "low"}))
			case 3:
				es = append(es, entry(seq, p, KindAttributed, Attributed{State: AttributionDisputed, Reasoning: "no"}))
			case 4:
				es = append(es, entry(seq, p, incidents.KindReopened, incidents.Reopened{Reason: "again"}))
			}
		}
		c := centre
		if r.IntN(2) == 0 {
			c.Withdrawn = map[string]bool{"ru": true}
		}
		got := Fold("inc-1", es, c)
		if !reflect.DeepEqual(got.Fact, want.Fact) || !reflect.DeepEqual(got.Attribution, want.Attribution) ||
			got.Status.Fact != StatusEstablished || got.Status.Attribution != AttributionAttributed {
			t.Fatalf("seed %d round %d: fact %+v attribution %+v status %+v, want %+v %+v", seed, round, got.Fact, got.Attribution, got.Status, want.Fact, want.Attribution)
		}
	}
}
