package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/cases"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/listing"
)

func caseChange(kind, id string, rel access.Releasability, payload any) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "un", Author: "t", Kind: kind, Subject: cases.Subject(id), Release: rel, Payload: payload}}
}

// TestCasesStore projects case entries and a known-site import on each
// engine and reads them back: by id and key, the paged listing with its
// visibility pre-filter, party filter and cursor, by status, and a key
// opened twice refused. Replaying the log rebuilds the same rows.
func TestCasesStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		_, seq := openSequencer(t, db)
		wide := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un", "us"}}
		narrow := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un"}}
		for i := range 4 {
			rel, party := wide, "us"
			if i%2 == 1 {
				rel, party = narrow, "ru"
			}
			o := &cases.Opened{ID: fmt.Sprintf("cas_%d", i), Key: fmt.Sprintf("site:s%d:i", i), Concern: cases.Concern{Type: cases.ConcernsSite, ID: "s", Notifier: "un", Notified: []string{}},
				Requests: []cases.RequestSent{{Party: party, Deadline: "2030-01-01T00:00:00Z"}}}
			if _, err := seq.Append(ctx, caseChange(cases.KindOpened, o.ID, rel, o)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := seq.Append(ctx, caseChange(cases.KindAnswered, "cas_0", wide, &cases.Answered{CaseID: "cas_0", Party: "us", Text: "no"}),
			caseChange(cases.KindClosed, "cas_0", wide, &cases.Closed{CaseID: "cas_0", Finding: "f"})); err != nil {
			t.Fatal(err)
		}
		dup := &cases.Opened{ID: "cas_9", Key: "site:s0:i", Requests: []cases.RequestSent{}}
		if _, err := seq.Append(ctx, caseChange(cases.KindOpened, dup.ID, wide, dup)); err == nil {
			t.Error("a second case under one key was stored")
		}
		imp := &cases.KnownSitesImported{ID: "ksi_1", Sites: []cases.Site{{ID: "kst_1", Name: "A", Kind: "school", Lon: 37, Lat: 36, RadiusM: 100},
			{ID: "kst_2", Name: "B", Kind: "camp", Lon: 37.1, Lat: 36.1, RadiusM: 100}}}
		if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "un", Author: "t", Kind: cases.KindKnownSitesImported,
			Subject: cases.ImportSubject(imp.ID), Release: narrow, Payload: imp}}); err != nil {
			t.Fatal(err)
		}

		st := db.Cases()
		c, err := st.Case(ctx, nil, "cas_0")
		if err != nil || c.Status != cases.StatusClosed || c.Request("us").Answer == nil || c.Outcome == nil {
			t.Fatalf("cas_0: %+v, %v", c, err)
		}
		if c, err := st.CaseByKey(ctx, nil, "site:s3:i"); err != nil || c.ID != "cas_3" {
			t.Errorf("by key: %v, %v", c, err)
		}
		if _, err := st.Case(ctx, nil, "cas_x"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("unknown case: %v", err)
		}
		c2, err := st.Case(ctx, nil, "cas_2")
		if err != nil {
			t.Fatal(err)
		}
		ids := func(cs []cases.Case) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		for _, c := range []struct {
			name   string
			f      cases.Filter
			viewer string
			after  *listing.Cursor
			want   []string
		}{
			{"ru sees all", cases.Filter{}, "ru", nil, []string{"cas_3", "cas_2", "cas_1", "cas_0"}},
			{"us sees the wide ones", cases.Filter{}, "us", nil, []string{"cas_2", "cas_0"}},
			{"the public sees none", cases.Filter{}, "", nil, nil},
			{"open ones", cases.Filter{Status: cases.StatusOpen}, "ru", nil, []string{"cas_3", "cas_2", "cas_1"}},
			{"asked of ru", cases.Filter{Party: "ru"}, "ru", nil, []string{"cas_3", "cas_1"}},
			{"after cas_2", cases.Filter{}, "ru", &listing.Cursor{Seq: c2.FirstSeq, ID: "cas_2"}, []string{"cas_1", "cas_0"}},
		} {
			got, err := st.CasesBefore(ctx, c.f, c.viewer, c.after, 10)
			if err != nil || !slices.Equal(ids(got), c.want) {
				t.Errorf("%s: %v, %v; want %v", c.name, ids(got), err, c.want)
			}
		}
		if open, err := st.Cases(ctx, cases.StatusOpen); err != nil || len(open) != 3 {
			t.Errorf("open cases: %d, %v", len(open), err)
		}
		if ks, err := st.KnownSitesBefore(ctx, "us", nil, 10); err != nil || len(ks) != 0 {
			t.Errorf("us sees %d known sites, %v", len(ks), err)
		}
		ks, err := st.KnownSitesBefore(ctx, "ru", nil, 10)
		if err != nil || len(ks) != 2 || ks[0].ID != "kst_2" || ks[0].ImportID != "ksi_1" || ks[0].Party != "un" {
			t.Errorf("ru's known sites: %+v, %v", ks, err)
		}
		if k, err := st.KnownSite(ctx, "kst_1"); err != nil || k.Name != "A" || k.RadiusM != 100 {
			t.Errorf("kst_1: %+v, %v", k, err)
		}

		// Replay rebuilds the same rows.
		scratch, done, err := db.OpenScratch(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer done()
		if err := Rebuild(ctx, db, scratch, nil); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"cases", "known_sites"} {
			a, err1 := db.DumpTable(ctx, table)
			b, err2 := scratch.DumpTable(ctx, table)
			if err := errors.Join(err1, err2); err != nil || !slices.Equal(a, b) {
				t.Errorf("%s replayed differs (%v)", table, err)
			}
		}
	})
}
