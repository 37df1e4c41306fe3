package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/notify"
	"truce/internal/store"
	"truce/internal/testnode"
)

var (
	ngoReporter = testnode.As("ngo", access.RoleReporter)
	ruLiaison   = testnode.As("ru", access.RoleLiaison)
	usLiaison   = testnode.As("us", access.RoleLiaison)
	xxLiaison   = testnode.As("xx", access.RoleLiaison)
)

func newService(t *testing.T) (*notify.Service, *testnode.Env) {
	env := testnode.New(t)
	return notify.NewService(notify.Deps{Store: env.DB.Notify(), Log: env.Seq, Parties: env.DB.Access(), Now: env.Clock.Now}), env
}

func hospital(parties ...string) notify.SiteInput {
	return notify.SiteInput{Site: notify.Site{Kind: "hospital", Names: map[string]string{"en": "Al-Quds hospital", "ar": "مستشفى القدس"},
		Location: json.RawMessage(`{"type":"Point","coordinates":[37.13,36.2]}`), BufferM: 300, Parties: parties}}
}

func convoy(start time.Time, parties ...string) notify.MovementInput {
	return notify.MovementInput{Movement: notify.Movement{
		Route:  json.RawMessage(`{"type":"LineString","coordinates":[[37.1,36.2],[37.2,36.21]]}`),
		Window: notify.Window{Start: start.Format(time.RFC3339), End: start.Add(8 * time.Hour).Format(time.RFC3339)}, Vehicles: 30,
		Cargo: "food", Parties: parties}}
}

func TestSiteAcknowledgementPaths(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	n, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if want := testnode.Start.Add(24 * time.Hour).Format(time.RFC3339Nano); n.Acks[0].Deadline != want {
		t.Fatalf("deadline %s, want %s", n.Acks[0].Deadline, want)
	}
	if !slices.Equal(n.Release.Audience, []string{"ngo", "ru", "us"}) || n.Release.TLP != access.TLPAmber {
		t.Fatalf("releasability %+v", n.Release)
	}
	steps := []struct {
		name    string
		by      access.Principal
		do      func(by access.Principal) (*notify.Notice, error)
		wantErr error
		party   string // whose ack to check afterwards
		status  string
	}{
		{"observer may not acknowledge", testnode.As("ru", access.RoleObserver), func(by access.Principal) (*notify.Notice, error) {
			return s.Acknowledge(ctx, by, notify.TypeSite, n.ID, 1)
		}, fault.ErrForbidden, "ru", notify.AckPending},
		{"outsider does not see it", xxLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.Acknowledge(ctx, by, notify.TypeSite, n.ID, 1)
		}, fault.ErrNotFound, "ru", notify.AckPending},
		{"wrong version", ruLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.Acknowledge(ctx, by, notify.TypeSite, n.ID, 2)
		}, fault.ErrConflict, "ru", notify.AckPending},
		{"wrong type", ruLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.Acknowledge(ctx, by, notify.TypeMovement, n.ID, 1)
		}, fault.ErrNotFound, "ru", notify.AckPending},
		{"ru acknowledges", ruLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.Acknowledge(ctx, by, notify.TypeSite, n.ID, 1)
		}, nil, "ru", notify.AckAcknowledged},
		{"twice is a conflict", ruLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.Acknowledge(ctx, by, notify.TypeSite, n.ID, 1)
		}, fault.ErrConflict, "ru", notify.AckAcknowledged},
		{"a query needs text", usLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.RaiseQuery(ctx, by, notify.TypeSite, n.ID, 1, " ")
		}, &fault.InvalidError{}, "us", notify.AckPending},
		{"a query changes no receipt", usLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.RaiseQuery(ctx, by, notify.TypeSite, n.ID, 1, "these coordinates are in the sea")
		}, nil, "us", notify.AckPending},
		{"us acknowledges receipt", usLiaison, func(by access.Principal) (*notify.Notice, error) {
			return s.Acknowledge(ctx, by, notify.TypeSite, n.ID, 1)
		}, nil, "us", notify.AckAcknowledged},
	}
	for _, st := range steps {
		before := env.Hashes.Size()
		_, err := st.do(st.by)
		switch want := st.wantErr.(type) {
		case nil:
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		case *fault.InvalidError:
			var inv *fault.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("%s: err %v, want invalid", st.name, err)
			}
		default:
			if !errors.Is(err, want) {
				t.Fatalf("%s: err %v, want %v", st.name, err, want)
			}
		}
		if err != nil && env.Hashes.Size() != before {
			t.Fatalf("%s: a failed call appended to the log", st.name)
		}
		got, err := s.Get(ctx, ngoReporter, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a := got.Ack(st.party); a.Status != st.status {
			t.Fatalf("%s: %s is %s, want %s", st.name, st.party, a.Status, st.status)
		}
	}
}

func TestOverdueUpdateAndCancel(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	n, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 1); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(23 * time.Hour)
	if o, _ := s.Overdue(ctx); len(o) != 0 {
		t.Fatalf("overdue before the deadline: %+v", o)
	}
	env.Clock.Advance(2 * time.Hour)
	o, err := s.Overdue(ctx)
	if err != nil || len(o) != 1 || o[0].Party != "us" || o[0].Version != 1 || o[0].Notifier != "ngo" {
		t.Fatalf("overdue = %+v, %v; want us on version 1", o, err)
	}
	got, _ := s.Get(ctx, ruLiaison, n.ID)
	if !got.Ack("us").Overdue || got.Ack("ru").Overdue {
		t.Fatalf("overdue flags: %+v", got.Acks)
	}
	// A late acknowledgement is recorded and marked late.
	late, err := s.Acknowledge(ctx, usLiaison, notify.TypeSite, n.ID, 1)
	if err != nil || !late.Ack("us").Late || late.Ack("us").Overdue {
		t.Fatalf("late ack: %+v %v", late, err)
	}
	// An update needs acknowledging again, by a new deadline.
	in := hospital("ru", "us")
	in.Location = json.RawMessage(`{"type":"Point","coordinates":[37.14,36.2]}`)
	if _, err := s.UpdateSite(ctx, ngoReporter, n.ID, 0, in); !errors.Is(err, fault.ErrPrecondition) {
		t.Fatalf("stale If-Match: %v", err)
	}
	if _, err := s.UpdateSite(ctx, testnode.As("un", access.RoleReporter), n.ID, -1, in); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("update by a party that cannot see it: %v", err)
	}
	up, err := s.UpdateSite(ctx, ngoReporter, n.ID, late.Seq, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range up.Acks {
		if a.Status != notify.AckPending || a.Version != 2 || a.FirstNotified != n.Notified || a.Notified == n.Notified {
			t.Fatalf("after update: %+v", a)
		}
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 1); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("ack of the old version: %v", err)
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 2); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(25 * time.Hour)
	if o, _ := s.Overdue(ctx); len(o) != 1 || o[0].Party != "us" || o[0].Version != 2 {
		t.Fatalf("overdue after update = %+v", o)
	}
	if _, err := s.Cancel(ctx, ngoReporter, notify.TypeSite, n.ID, -1, ""); err == nil {
		t.Fatal("cancel without a reason accepted")
	}
	c, err := s.Cancel(ctx, ngoReporter, notify.TypeSite, n.ID, -1, "hospital evacuated")
	if err != nil || c.Status != notify.StatusCancelled {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	if o, _ := s.Overdue(ctx); len(o) != 0 {
		t.Fatalf("cancelled notice still overdue: %+v", o)
	}
	if _, err := s.Acknowledge(ctx, usLiaison, notify.TypeSite, n.ID, 2); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("ack after cancel: %v", err)
	}
	if _, err := s.Cancel(ctx, ngoReporter, notify.TypeSite, n.ID, -1, "again"); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("cancel twice: %v", err)
	}
	checkReplay(t, env)
}

func TestMovementDeadlines(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	now := testnode.Start
	cases := []struct {
		name  string
		start time.Time
		want  time.Time
	}{
		{"ample notice: 72 h before the window", now.Add(5 * 24 * time.Hour), now.Add(2 * 24 * time.Hour)},
		{"short notice: one hour from now", now.Add(10 * time.Hour), now.Add(time.Hour)},
		{"very short notice: the window start", now.Add(30 * time.Minute), now.Add(30 * time.Minute)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, err := s.NotifyMovement(ctx, testnode.As("un", access.RoleLiaison), convoy(tc.start, "ru", "us"))
			if err != nil {
				t.Fatal(err)
			}
			if got := n.Acks[0].Deadline; got != tc.want.Format(time.RFC3339Nano) {
				t.Fatalf("deadline %s, want %s", got, tc.want.Format(time.RFC3339Nano))
			}
		})
	}
}

func TestBadNotificationsChangeNothing(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	mod := func(f func(*notify.SiteInput)) notify.SiteInput {
		in := hospital("ru", "us")
		f(&in)
		return in
	}
	sites := []struct {
		name string
		by   access.Principal
		in   notify.SiteInput
		want error
	}{
		{"military may not notify", usLiaison, hospital("ru"), fault.ErrForbidden},
		{"observer may not notify", testnode.As("ngo", access.RoleObserver), hospital("ru"), fault.ErrForbidden},
		{"public", access.Public, hospital("ru"), fault.ErrUnauthenticated},
		{"bad kind", ngoReporter, mod(func(in *notify.SiteInput) { in.Kind = "bunker" }), nil},
		{"no names", ngoReporter, mod(func(in *notify.SiteInput) { in.Names = nil }), nil},
		{"bad location", ngoReporter, mod(func(in *notify.SiteInput) { in.Location = json.RawMessage(`{"type":"Point","coordinates":[200,1]}`) }), nil},
		{"polygon location", ngoReporter, mod(func(in *notify.SiteInput) {
			in.Location = json.RawMessage(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`)
		}), nil},
		{"zero buffer", ngoReporter, mod(func(in *notify.SiteInput) { in.BufferM = 0 }), nil},
		{"no parties", ngoReporter, mod(func(in *notify.SiteInput) { in.Parties = nil }), nil},
		{"unknown party", ngoReporter, mod(func(in *notify.SiteInput) { in.Parties = []string{"zz"} }), nil},
		{"notifies itself", ngoReporter, mod(func(in *notify.SiteInput) { in.Parties = []string{"ngo"} }), nil},
		{"bad label", ngoReporter, mod(func(in *notify.SiteInput) { in.Releasability = &access.Releasability{TLP: "PINK"} }), nil},
		{"public", ngoReporter, mod(func(in *notify.SiteInput) { in.Releasability = &access.Releasability{TLP: access.TLPClear} }), nil},
	}
	before := env.Hashes.Size()
	for _, tc := range sites {
		_, err := s.NotifySite(ctx, tc.by, tc.in)
		var inv *fault.InvalidError
		if tc.want == nil && !errors.As(err, &inv) || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	past := convoy(testnode.Start.Add(-time.Hour), "ru")
	if _, err := s.NotifyMovement(ctx, ngoReporter, past); err == nil {
		t.Error("a movement whose window started was accepted")
	}
	long := convoy(testnode.Start.Add(time.Hour), "ru")
	long.Window.End = testnode.Start.Add(30 * 24 * time.Hour).Format(time.RFC3339)
	if _, err := s.NotifyMovement(ctx, ngoReporter, long); err == nil {
		t.Error("a 30-day window was accepted")
	}
	for _, start := range []time.Time{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), testnode.Start.Add(400 * 24 * time.Hour)} {
		var inv *fault.InvalidError
		if _, err := s.NotifyMovement(ctx, ngoReporter, convoy(start, "ru")); !errors.As(err, &inv) || inv.Field != "window.start" {
			t.Errorf("a window starting %s: %v, want an invalid window.start", start, err)
		}
	}
	if env.Hashes.Size() != before {
		t.Fatal("rejected notifications appended to the log")
	}
}

func TestListHonoursReleasability(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	if _, err := s.NotifySite(ctx, ngoReporter, hospital("ru")); err != nil {
		t.Fatal(err)
	}
	green := hospital("ru")
	green.Releasability = &access.Releasability{TLP: access.TLPGreen}
	if _, err := s.NotifySite(ctx, ngoReporter, green); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		by   access.Principal
		want int
	}{{ngoReporter, 2}, {ruLiaison, 2}, {usLiaison, 2}, {xxLiaison, 1}, {access.Public, 0}} {
		ns, err := s.List(ctx, tc.by, notify.Filter{})
		if err != nil || len(ns) != tc.want {
			t.Errorf("%q sees %d notices (%v), want %d", tc.by.Party, len(ns), err, tc.want)
		}
	}
	pending, _ := s.List(ctx, ruLiaison, notify.Filter{PendingFor: "ru"})
	if len(pending) != 2 {
		t.Errorf("ru has %d pending, want 2", len(pending))
	}
}

// checkReplay rebuilds the projections from the log and compares.
func checkReplay(t *testing.T, env *testnode.Env) {
	t.Helper()
	ctx := context.Background()
	dst, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "replay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := store.Rebuild(ctx, env.DB, dst, nil); err != nil {
		t.Fatal(err)
	}
	for _, table := range store.ProjectionTables() {
		a, err1 := env.DB.DumpTable(ctx, table)
		b, err2 := dst.DumpTable(ctx, table)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !slices.Equal(a, b) {
			t.Fatalf("table %s differs after replay:\n%v\n%v", table, a, b)
		}
	}
}
