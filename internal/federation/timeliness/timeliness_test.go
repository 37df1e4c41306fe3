package timeliness

import (
	"strings"
	"testing"
	"time"
)

var (
	deadline = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	tol      = 5 * time.Minute
)

func cosig(size int64, at time.Time) *Cosigned {
	return &Cosigned{Origin: "o", TreeSize: size, Witness: "w.example", At: at}
}

func TestJudge(t *testing.T) {
	before := deadline.Add(-time.Hour)
	tests := []struct {
		name      string
		entry     time.Time
		cover     *Cosigned
		witnessed bool
		now       time.Time
		want      string
		reason    string
	}{
		{"on time, cosigned at once", before, cosig(11, before.Add(2*time.Second)), true, deadline, OnTime, "within"},
		{"on time, cosigned within the tolerance", deadline, cosig(11, deadline.Add(tol)), true, deadline.Add(time.Hour), OnTime, "within"},
		{"dated before the deadline, cosigned too late", before, cosig(11, deadline.Add(tol+time.Second)), true, deadline.Add(time.Hour), Late, "after the deadline"},
		{"backdated: the witness saw it only a day later", deadline.Add(-time.Minute), cosig(11, deadline.Add(24*time.Hour)), true, deadline.Add(48 * time.Hour), Late, "first witness"},
		{"entry after the deadline, though promptly cosigned", deadline.Add(time.Second), cosig(11, deadline.Add(2*time.Second)), true, deadline.Add(time.Hour), Late, "after the deadline"},
		{"not cosigned yet, time left", before, nil, true, deadline, Unproven, "yet"},
		{"not cosigned, deadline and tolerance passed", before, nil, true, deadline.Add(tol + time.Second), Late, "no witness cosigned"},
		{"a cover of a tree not holding it counts for nothing", before, cosig(10, before), true, deadline, Unproven, "yet"},
		{"a cover of another origin counts for nothing", before, &Cosigned{Origin: "x", TreeSize: 11, At: before}, true, deadline, Unproven, "yet"},
		{"no witness configured", before, nil, false, deadline.Add(time.Hour), NoWitness, "no witness"},
		{"no witness, entry after the deadline", deadline.Add(time.Minute), nil, false, deadline.Add(time.Hour), Late, "after the deadline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Statement{Origin: "o", Index: 10, Time: tt.entry, Deadline: deadline}
			v := Judge(s, tt.cover, Rules{Tolerance: tol, Witnessed: tt.witnessed}, tt.now)
			if v.Status != tt.want || !strings.Contains(v.Reason, tt.reason) {
				t.Fatalf("Judge = %+v, want status %s with reason containing %q", v, tt.want, tt.reason)
			}
			if v.EntryTime != tt.entry.Format(time.RFC3339Nano) {
				t.Errorf("entry_time %q", v.EntryTime)
			}
			held := tt.cover != nil && tt.cover.Origin == "o" && tt.cover.TreeSize > 10
			if held != (v.Witness != "") || held && (v.TreeSize != tt.cover.TreeSize || v.CosignedAt != tt.cover.At.Format(time.RFC3339)) {
				t.Errorf("evidence fields %+v, cover %+v", v, tt.cover)
			}
		})
	}
}

func TestJudgeDefaultTolerance(t *testing.T) {
	s := Statement{Origin: "o", Index: 0, Time: deadline, Deadline: deadline}
	if v := Judge(s, cosig(1, deadline.Add(DefaultTolerance)), Rules{Witnessed: true}, deadline); v.Status != OnTime {
		t.Fatalf("at the default tolerance: %+v", v)
	}
	if v := Judge(s, cosig(1, deadline.Add(DefaultTolerance+time.Second)), Rules{Witnessed: true}, deadline); v.Status != Late {
		t.Fatalf("past the default tolerance: %+v", v)
	}
}

func TestCheckDrift(t *testing.T) {
	t0 := deadline
	tests := []struct {
		name         string
		entry        time.Time
		cover, prior *Cosigned
		want         string
	}{
		{"agrees", t0, cosig(11, t0.Add(time.Second)), cosig(10, t0.Add(-time.Second)), ""},
		{"witness outage: cosigned an hour later is not drift", t0, cosig(11, t0.Add(time.Hour)), cosig(10, t0.Add(-time.Hour)), ""},
		{"clock ahead: dated after a tree holding it was cosigned", t0.Add(tol + time.Minute), cosig(11, t0), nil, Ahead},
		{"within the tolerance ahead", t0.Add(tol), cosig(11, t0), nil, ""},
		{"backdated: dated before a tree without it was cosigned", t0.Add(-tol - time.Minute), cosig(11, t0.Add(time.Second)), cosig(10, t0), Behind},
		{"within the tolerance behind", t0.Add(-tol), nil, cosig(10, t0), ""},
		{"a prior that holds the entry is ignored", t0.Add(-time.Hour), nil, cosig(11, t0), ""},
		{"a cover that does not hold it is ignored", t0.Add(time.Hour), cosig(10, t0), nil, ""},
		{"another origin is ignored", t0.Add(time.Hour), &Cosigned{Origin: "x", TreeSize: 11, At: t0}, nil, ""},
		{"no cosignatures", t0, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := CheckDrift("o", 10, tt.entry, tt.cover, tt.prior, tol)
			got := ""
			if d != nil {
				got = d.Kind
				if !strings.Contains(d.String(), "o#10") || !strings.Contains(d.String(), "w.example") {
					t.Errorf("String %q does not name the entry and witness", d.String())
				}
				if d.By <= tol {
					t.Errorf("By %s within tolerance", d.By)
				}
			}
			if got != tt.want {
				t.Fatalf("CheckDrift = %+v, want %q", d, tt.want)
			}
		})
	}
}
