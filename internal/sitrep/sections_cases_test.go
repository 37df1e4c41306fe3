package sitrep_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/cases"
	"truce/internal/report/doc"
	"truce/internal/sitrep"
)

// TestCasesSection: the demo's incident at a notified site opened a case
// (GREEN, released to the notifier and the notified parties) while the
// node was seeded; us answers its request. The current period's report
// counts, for each reader, exactly the cases a direct read of the store
// filtered by access finds (the us and ru liaisons see the case and us's
// answer; the UN cell, outside its audience, and the public see none), and
// every figure cites their entries.
func TestCasesSection(t *testing.T) {
	ctx := context.Background()
	b, day := liveDay(t)
	all, err := node.DB.Cases().Cases(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	r0, err := b.Build(ctx, sitrep.Request{Date: day, By: access.Public})
	if err != nil {
		t.Fatal(err)
	}
	var hidden bool
	for _, c := range all {
		hidden = hidden || r0.Period.From.Format(time.RFC3339) < c.Opened && c.Release.TLP != access.TLPClear
	}
	if !hidden {
		t.Fatal("the demo opened no case this period that the public may not see: the test checks nothing")
	}
	us := user(t, "us-liaison")
	for _, c := range all {
		if us.CanSee(c.Release) && c.Request("us") != nil && c.Request("us").Answer == nil {
			if _, err := node.Cases.Answer(ctx, us, c.ID, cases.AnswerInput{Text: "Our units were informed; enquiry under way."}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if all, err = node.DB.Cases().Cases(ctx, ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		by   access.Principal
	}{{"co-chair answering", us}, {"co-chair asked", user(t, "ru-liaison")}, {"outside the audience", user(t, "un-reporter")}, {"public", access.Public}} {
		t.Run(c.name, func(t *testing.T) {
			r, err := b.Build(ctx, sitrep.Request{Date: day, Lang: "ar", By: c.by})
			if err != nil {
				t.Fatal(err)
			}
			in := func(s string) bool {
				at, err := time.Parse(time.RFC3339Nano, s)
				return err == nil && at.After(r.Period.From) && !at.After(r.Period.To)
			}
			var opened, answered []uint64
			for _, k := range all {
				if !c.by.CanSee(k.Release) || !in(k.Opened) {
					continue
				}
				opened = append(opened, uint64(k.FirstSeq))
				for _, q := range k.Requests {
					if q.Answer != nil && in(q.Answer.Time) {
						answered = append(answered, uint64(q.Answer.Seq))
					}
				}
			}
			slices.Sort(opened)
			slices.Sort(answered)
			if c.by == us && (len(opened) == 0 || len(answered) == 0) {
				t.Fatalf("us sees %d cases and %d answers this period, want some of each", len(opened), len(answered))
			}
			s := section(t, r.Document, "cases")
			fig := s.Blocks[0].(doc.Figures).Items[0]
			if fig.Value != int64(len(opened)) || !slices.Equal(indexes(fig.Refs), opened) {
				t.Errorf("cases opened %d citing %v, want %d citing %v", fig.Value, indexes(fig.Refs), len(opened), opened)
			}
			var got []uint64
			for _, tb := range tables(s) {
				if len(tb.Columns) == 4 { // per party: asked, answered, overdue
					for _, row := range tb.Rows {
						got = append(got, indexes(row[2].Refs)...)
					}
				}
			}
			if slices.Sort(got); !slices.Equal(got, answered) {
				t.Errorf("answers cited %v, want %v", got, answered)
			}
			if len(opened) == 0 && len(tables(s)) != 0 {
				t.Errorf("a reader who may see no case is shown tables %+v", tables(s))
			}
		})
	}
}
