package cases

import (
	"encoding/json"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
)

func entry(t *testing.T, seq int64, kind, at string, payload any) *ledger.Entry {
	t.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return &ledger.Entry{Seq: seq, Kind: kind, Time: at, Party: "un", Author: "a", Subject: Subject("cas_1"), Payload: b,
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un", "us"}}}
}

// TestApplyFoldsACase folds a case's entries in order and refuses entries
// that do not fit it.
func TestApplyFoldsACase(t *testing.T) {
	open := &Opened{ID: "cas_1", Key: "site:s:i", Concern: Concern{Type: ConcernsSite, ID: "s", Notifier: "un"},
		Requests: []RequestSent{{Party: "ru", Deadline: "2026-01-04T00:00:00Z"}, {Party: "us", Deadline: "2026-01-04T00:00:00Z"}}}
	steps := []struct {
		name    string
		e       *ledger.Entry
		wantErr bool
	}{
		{"opened", entry(t, 1, KindOpened, "2026-01-01T00:00:00Z", open), false},
		{"opened twice", entry(t, 2, KindOpened, "2026-01-01T00:00:00Z", open), true},
		{"ru answers", entry(t, 3, KindAnswered, "2026-01-02T00:00:00Z", &Answered{CaseID: "cas_1", Party: "ru", Text: "no"}), false},
		{"ru answers again", entry(t, 4, KindAnswered, "2026-01-02T00:00:00Z", &Answered{CaseID: "cas_1", Party: "ru", Text: "no"}), true},
		{"xx, asked nothing, answers", entry(t, 5, KindAnswered, "2026-01-02T00:00:00Z", &Answered{CaseID: "cas_1", Party: "xx", Text: "no"}), true},
		{"a request to xx", entry(t, 6, KindRequestSent, "2026-01-02T00:00:00Z", &RequestSent{CaseID: "cas_1", Party: "xx", Deadline: "2026-01-05T00:00:00Z"}), false},
		{"a second request to xx", entry(t, 7, KindRequestSent, "2026-01-02T00:00:00Z", &RequestSent{CaseID: "cas_1", Party: "xx", Deadline: "2026-01-05T00:00:00Z"}), true},
		{"a measure", entry(t, 8, KindMeasureRecorded, "2026-01-02T00:00:00Z", &MeasureRecorded{CaseID: "cas_1", ID: "m1", Party: "us", Text: "t", State: MeasureProposed}), false},
		{"an unknown measure updated", entry(t, 9, KindMeasureUpdated, "2026-01-02T00:00:00Z", &MeasureUpdated{CaseID: "cas_1", ID: "m2", State: MeasureDone}), true},
		{"the measure done", entry(t, 10, KindMeasureUpdated, "2026-01-03T00:00:00Z", &MeasureUpdated{CaseID: "cas_1", ID: "m1", State: MeasureDone}), false},
		{"closed", entry(t, 11, KindClosed, "2026-01-05T00:00:00Z", &Closed{CaseID: "cas_1", Finding: "f"}), false},
		{"closed twice", entry(t, 12, KindClosed, "2026-01-05T00:00:00Z", &Closed{CaseID: "cas_1", Finding: "f"}), true},
		{"an import is no case entry", entry(t, 13, KindKnownSitesImported, "2026-01-05T00:00:00Z", &KnownSitesImported{}), true},
	}
	var c *Case
	for _, s := range steps {
		next, err := Apply(c, s.e)
		if (err != nil) != s.wantErr {
			t.Fatalf("%s: %v, want error %v", s.name, err, s.wantErr)
		}
		if err == nil {
			c = next
		}
	}
	if c.Status != StatusClosed || c.Seq != 11 || c.FirstSeq != 1 || len(c.Requests) != 3 || c.Measure("m1").State != MeasureDone ||
		c.Outcome.Finding != "f" || c.Request("ru").Answer.Seq != 3 {
		t.Errorf("folded case: %+v", c)
	}
}

// TestMarkRequestStatuses: answered on time or late, pending, overdue,
// and withdrawn (never overdue) for a party that has left the centre.
func TestMarkRequestStatuses(t *testing.T) {
	now := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name     string
		deadline string
		answered string
		gone     bool
		want     string
	}{
		{"answered on time", "2026-01-09T00:00:00Z", "2026-01-08T00:00:00Z", false, RequestAnswered},
		{"answered late", "2026-01-09T00:00:00Z", "2026-01-09T12:00:00Z", false, RequestLate},
		{"answered, then walked out", "2026-01-09T00:00:00Z", "2026-01-08T00:00:00Z", true, RequestAnswered},
		{"pending", "2026-01-11T00:00:00Z", "", false, RequestPending},
		{"overdue", "2026-01-09T00:00:00Z", "", false, RequestOverdue},
		{"walked out, past the deadline", "2026-01-09T00:00:00Z", "", true, RequestWithdrawn},
		{"walked out, before the deadline", "2026-01-11T00:00:00Z", "", true, RequestWithdrawn},
	} {
		r := Request{Party: "ru", Deadline: c.deadline}
		if c.answered != "" {
			r.Answer = &Answer{Time: c.answered}
		}
		k := &Case{Requests: []Request{r}}
		Mark(k, now, map[string]bool{"ru": c.gone})
		if got := k.Requests[0].Status; got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// TestCombineNeverWidens: a case is released like its notice and never
// wider than its incident.
func TestCombineNeverWidens(t *testing.T) {
	amber := func(aud ...string) access.Releasability {
		return access.Releasability{TLP: access.TLPAmber, Audience: aud}
	}
	for _, c := range []struct {
		name          string
		notice, inc   access.Releasability
		tlp           access.TLP
		visible, hide []string
	}{
		{"a GREEN incident", amber("un", "us", "ru"), access.Releasability{TLP: access.TLPGreen}, access.TLPAmber, []string{"un", "us", "ru"}, []string{"xx", ""}},
		{"an AMBER incident of ru", amber("un", "us", "ru"), amber("ru", "un"), access.TLPAmber, []string{"un", "ru"}, []string{"us", "xx"}},
		{"a RED notice", access.Releasability{TLP: access.TLPRed, Audience: []string{"un"}}, access.Releasability{TLP: access.TLPClear}, access.TLPRed, []string{"un"}, []string{"us", ""}},
	} {
		r := combine(c.notice, c.inc)
		if r.TLP != c.tlp {
			t.Errorf("%s: %s, want %s", c.name, r.TLP, c.tlp)
		}
		for _, p := range c.visible {
			if !r.VisibleTo(p) {
				t.Errorf("%s: hidden from %q", c.name, p)
			}
		}
		for _, p := range c.hide {
			if r.VisibleTo(p) {
				t.Errorf("%s: visible to %q", c.name, p)
			}
		}
	}
}
