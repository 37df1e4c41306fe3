package alerts

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/notify"
)

// TestSpecsSayWhatTheyAreAbout checks that each rule's alert carries its
// subjects as structured fields (for clients to word in their users'
// language), and that they survive the payload's JSON as the store keeps
// it.
func TestSpecsSayWhatTheyAreAbout(t *testing.T) {
	inc := &Incident{ID: "inc_a", Seq: 7, Start: t0.Add(time.Hour), End: t0.Add(time.Hour), Perpetrator: "ru"}
	site := &SiteFact{ID: "site_a", Name: "Al-Quds hospital", Names: map[string]string{"en": "Al-Quds hospital", "ar": "مستشفى القدس"},
		Location: orb.Point{37.15, 36.2}, BufferM: 500, Notifier: "un", NotifiedAt: map[string]time.Time{"ru": t0}}
	mv := &MovementFact{ID: "mov_a", Route: orb.LineString{{37.0, 36.2}, {37.2, 36.2}}, CorridorM: 1000, Start: t0, End: t0.Add(6 * time.Hour), Notifier: "un"}
	notice := &notify.Notice{ID: "site_b", Type: notify.TypeSite, Site: &notify.Site{Names: map[string]string{"en": "School 4", "ru": "Школа 4"},
		Location: json.RawMessage(`{"type":"Point","coordinates":[37.1,36.1]}`), BufferM: 100}}
	overdue := notify.OverdueAck{NoticeID: "site_b", Type: notify.TypeSite, Party: "us", Version: 2, Deadline: "2016-09-13T00:00:00Z", Notifier: "un"}
	moving := notify.Notice{ID: "mov_b", Type: notify.TypeMovement, Party: "un", Version: 3, Movement: &notify.Movement{
		Route: json.RawMessage(`{"type":"LineString","coordinates":[[37.0,36.2],[37.2,36.2]]}`), CorridorM: 500,
		Window: notify.Window{Start: "2016-09-12T00:00:00Z", End: "2016-09-12T06:00:00Z"}}}
	neverPulled := notify.StaleFeed{Movement: moving, Party: "ru", Notified: t0}
	pulled := neverPulled
	pulled.Pull = &notify.FeedPull{Party: "ru", At: t0.Add(-time.Hour), Version: 2}
	staleAbout := About{Movement: "mov_b", WindowStart: "2016-09-12T00:00:00Z", WindowEnd: "2016-09-12T06:00:00Z", Party: "ru",
		Notifier: "un", Version: 3, NotifiedAt: "2016-09-12T00:00:00Z"}
	stalePulled := staleAbout
	stalePulled.PulledAt, stalePulled.PulledVersion = "2016-09-11T23:00:00Z", 2
	cases := []struct {
		name string
		spec Spec
		want About
	}{
		{"site affected", SiteAffectedSpec(site, inc, []string{"us", "ru"}), About{Incident: "inc_a", IncidentAt: "2016-09-12T01:00:00Z",
			Site: "site_a", SiteNames: site.Names, DistanceM: 500, Party: "ru", NotifiedAt: "2016-09-12T00:00:00Z"}},
		{"movement affected", MovementAffectedSpec(mv, inc, []string{"us", "ru"}), About{Incident: "inc_a", IncidentAt: "2016-09-12T01:00:00Z",
			Movement: "mov_a", DistanceM: 1000, WindowStart: "2016-09-12T00:00:00Z", WindowEnd: "2016-09-12T06:00:00Z"}},
		{"acknowledgement overdue", OverdueSpec(notice, overdue, []string{"us", "ru"}), About{Site: "site_b", SiteNames: notice.Site.Names,
			Party: "us", Notifier: "un", Version: 2, Deadline: "2016-09-13T00:00:00Z"}},
		{"feed never pulled", FeedStaleSpec(neverPulled), staleAbout},
		{"feed pulled before the version", FeedStaleSpec(pulled), stalePulled},
	}
	for _, tc := range cases {
		if tc.spec.About == nil {
			t.Errorf("%s: no About", tc.name)
			continue
		}
		if !reflect.DeepEqual(*tc.spec.About, tc.want) {
			t.Errorf("%s: About = %+v, want %+v", tc.name, *tc.spec.About, tc.want)
		}
		b, err := json.Marshal(&Raised{Kind: tc.spec.Kind, About: tc.spec.About})
		if err != nil {
			t.Fatal(err)
		}
		var back Raised
		if err := json.Unmarshal(b, &back); err != nil || back.About == nil || !reflect.DeepEqual(*back.About, tc.want) {
			t.Errorf("%s: About after the payload's JSON = %+v (%v)", tc.name, back.About, err)
		}
	}
}
