package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// assessedChange is ru's assessment of incident id, leaving it under
// review.
func assessedChange(id string) ledger.Change {
	return incidentChange(incidents.KindAssessed, id, "ru", access.Releasability{TLP: access.TLPGreen},
		incidents.Assessed{IncidentID: id, Party: "ru", Verdict: incidents.VerdictRejected, Status: incidents.StatusUnderReview})
}

// TestReadCacheFollowsLog checks on every engine that an incident, a full
// listing and a history read once (and so cached) show the next entry
// about the incident at the next read.
func TestReadCacheFollowsLog(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		d := open(t)
		_, seq := openSequencer(t, d)
		start := time.Date(2016, 7, 20, 10, 0, 0, 0, time.UTC)
		green := access.Releasability{TLP: access.TLPGreen}
		if _, err := seq.Append(ctx, reportedChange("inc_r", orb.Point{37.1, 34.1}, start, "us", green)); err != nil {
			t.Fatal(err)
		}
		s := d.Incidents()
		page := incidents.Filter{Limit: 10}
		read := func() (*incidents.Incident, []incidents.Incident, int) {
			t.Helper()
			in, err := s.Incident(ctx, nil, "inc_r")
			if err != nil {
				t.Fatal(err)
			}
			g := page
			listed, err := s.Search(ctx, &g, "ru")
			if err != nil {
				t.Fatal(err)
			}
			h, err := s.History(ctx, incidents.Subject("inc_r"))
			if err != nil {
				t.Fatal(err)
			}
			return in, listed, len(h)
		}
		for range 2 { // the second read is answered from the cache
			in, listed, h := read()
			if in.Status == incidents.StatusUnderReview || len(listed) != 1 || listed[0].Status != in.Status || h != 1 {
				t.Fatalf("before the assessment: %s, listed %d, history %d", in.Status, len(listed), h)
			}
		}
		if _, err := seq.Append(ctx, assessedChange("inc_r")); err != nil {
			t.Fatal(err)
		}
		in, listed, h := read()
		if in.Status != incidents.StatusUnderReview || len(in.Assessments) != 1 || h != 2 {
			t.Fatalf("after the assessment: %s, %d assessments, history %d", in.Status, len(in.Assessments), h)
		}
		if len(listed) != 1 || listed[0].Status != incidents.StatusUnderReview || len(listed[0].Assessments) != 1 || listed[0].Report.Narrative == "" {
			t.Fatalf("listed after the assessment: %+v", listed)
		}
	})
}

// TestReadCacheAcrossHandles has two handles on one SQLite file (two
// processes) take turns to append: what one handle cached is replaced by
// what the other committed.
func TestReadCacheAcrossHandles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	var a, b *DB
	for _, p := range []**DB{&a, &b} {
		db, err := OpenSQLite(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		*p = db
	}
	_, seqA := openSequencer(t, a)
	if _, err := seqA.Append(ctx, reportedChange("inc_x", orb.Point{37.1, 34.1}, time.Date(2016, 7, 20, 10, 0, 0, 0, time.UTC),
		"us", access.Releasability{TLP: access.TLPGreen})); err != nil {
		t.Fatal(err)
	}
	seqA.Close()
	if in, err := a.Incidents().Incident(ctx, nil, "inc_x"); err != nil || in.Status == incidents.StatusUnderReview {
		t.Fatalf("a reads %v, %v", in, err)
	}
	_, seqB := openSequencer(t, b)
	if _, err := seqB.Append(ctx, assessedChange("inc_x")); err != nil {
		t.Fatal(err)
	}
	if in, err := a.Incidents().Incident(ctx, nil, "inc_x"); err != nil || in.Status != incidents.StatusUnderReview {
		t.Fatalf("a reads %+v, %v after b's assessment", in, err)
	}
}

// TestReadCacheKeepsOnlyCurrentReads checks the generation rule: a value
// read before the last catch-up is not kept, one read at the current head
// is.
func TestReadCacheKeepsOnlyCurrentReads(t *testing.T) {
	c := readCache{started: true, head: 5, incidents: map[string]*incidents.Incident{}}
	var in incidents.Incident
	in.ID = "inc_g"
	c.putIncidents(4, &in)
	if c.incident("inc_g") != nil {
		t.Fatal("a read from before the last catch-up was kept")
	}
	c.putIncidents(5, &in)
	if c.incident("inc_g") == nil {
		t.Fatal("a read at the current head was not kept")
	}
}

// TestReadCacheChangedSubjects checks on every engine what a catch-up
// drops: the subjects of the entries in its range, and every incident
// when a zone or party entry (which can re-attribute incidents to zones)
// is among them.
func TestReadCacheChangedSubjects(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		d := open(t)
		_, seq := openSequencer(t, d)
		for _, e := range []struct{ kind, subject string }{
			{"test.one", incidents.Subject("a")}, {"zone.test", "zone:z"}, {"party.test", "party:p"}, {"test.two", "notice:n"},
		} {
			if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Kind: e.kind, Subject: e.subject,
				Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]string{}}}); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			from, to int64
			subjects []string
			all      bool
		}{
			{0, 1, []string{incidents.Subject("a")}, false},
			{1, 2, []string{"zone:z"}, true},
			{2, 3, []string{"party:p"}, true},
			{3, 4, []string{"notice:n"}, false},
		}
		for _, tc := range tests {
			got, all, err := changedSubjects(ctx, d, tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.subjects) || all != tc.all {
				t.Errorf("[%d, %d): %v, all %v; want %v, %v", tc.from, tc.to, got, all, tc.subjects, tc.all)
			}
		}
	})
}

// TestReadCacheListsFollowLog checks on every engine that the parties and
// the zones' releasabilities, read once (and so cached), show a party
// created after them at the next read.
func TestReadCacheListsFollowLog(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		d := open(t)
		_, seq := openSequencer(t, d)
		before, err := d.Access().Parties(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Zones().Releases(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "un", Kind: accounts.KindPartyCreated, Subject: "party:xx",
			Release: access.Releasability{TLP: access.TLPGreen}, Payload: accounts.PartyCreated{Party: accounts.Party{ID: "xx", Name: "XX", Kind: "agency"}}}}); err != nil {
			t.Fatal(err)
		}
		after, err := d.Access().Parties(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 || !slices.ContainsFunc(after, func(p accounts.Party) bool { return p.ID == "xx" }) {
			t.Fatalf("parties %v after xx was created (before %v)", after, before)
		}
	})
}
