package cases

import (
	"reflect"
	"testing"

	"truce/internal/alerts"
)

// TestOverdueSpecSaysWhatItIsAbout checks that the alert for an overdue
// request carries the case, the incident, the notice concerned, the party
// asked, the notifier and the deadline as structured fields, so a client
// words it in its user's language.
func TestOverdueSpecSaysWhatItIsAbout(t *testing.T) {
	req := &Request{Party: "ru", Deadline: "2016-09-14T00:00:00Z"}
	for _, tc := range []struct {
		concern Concern
		want    alerts.About
	}{
		{Concern{Type: "site", ID: "site_a", Notifier: "un"},
			alerts.About{Case: "case_a", Incident: "inc_a", Site: "site_a", Party: "ru", Notifier: "un", Deadline: "2016-09-14T00:00:00Z"}},
		{Concern{Type: "movement", ID: "mov_a", Notifier: "us"},
			alerts.About{Case: "case_a", Incident: "inc_a", Movement: "mov_a", Party: "ru", Notifier: "us", Deadline: "2016-09-14T00:00:00Z"}},
	} {
		c := &Case{ID: "case_a", Incident: Ref{ID: "inc_a"}, Concern: tc.concern}
		spec := OverdueSpec(c, req)
		if spec.About == nil || !reflect.DeepEqual(*spec.About, tc.want) {
			t.Errorf("%s: About = %+v, want %+v", tc.concern.Type, spec.About, tc.want)
		}
	}
}
