package flights

import "testing"

// TestSubjectsRoundTrip checks that each subject constructor makes the
// subject the log has always carried and that its parser reads the id back,
// refusing other domains' subjects and empty ids.
func TestSubjectsRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		make  func(string) string
		parse func(string) (string, bool)
		want  string
	}{
		{"plan", PlanSubject, ParsePlanSubject, "flightplan:fp_1"},
		{"reservation", ReservationSubject, ParseReservationSubject, "reservation:fp_1"},
		{"conflict", ConflictSubject, ParseConflictSubject, "conflict:fp_1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.make("fp_1"); got != tc.want {
				t.Fatalf("subject %q, want %q", got, tc.want)
			}
			if id, ok := tc.parse(tc.want); !ok || id != "fp_1" {
				t.Errorf("parse(%q) = %q, %v", tc.want, id, ok)
			}
			for _, bad := range []string{"", "incident:fp_1", tc.make("")} {
				if id, ok := tc.parse(bad); ok {
					t.Errorf("parse(%q) = %q, true; want false", bad, id)
				}
			}
		})
	}
}
