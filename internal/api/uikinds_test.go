package api

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"

	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/zones"
)

// servedUIConfig returns what GET /api/v1/ui/config answers.
func servedUIConfig(t *testing.T) UIConfig {
	t.Helper()
	rec := httptest.NewRecorder()
	newServer(Deps{}, Options{}).getUIConfig(rec, httptest.NewRequest("GET", "/api/v1/ui/config", nil))
	var c UIConfig
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
		t.Fatalf("ui config: %v: %s", err, rec.Body)
	}
	return c
}

// TestUIConfigEntryKinds checks every kind group the UI reads: each holds
// exactly the kinds the UI listened for or looked up when it kept its own
// lists, and each is a subset of its domain's EntryKinds ("all").
func TestUIConfigEntryKinds(t *testing.T) {
	served := servedUIConfig(t).EntryKinds
	for _, tc := range []struct {
		domain, group string
		want          []string
	}{
		{"incidents", "all", incidents.EntryKinds()},
		{"incidents", "status", []string{incidents.KindReported, incidents.KindAssessed, incidents.KindReopened}},
		{"incidents", "record", []string{incidents.KindReported, incidents.KindAssessed, incidents.KindReopened,
			incidents.KindDuplicateMarked, incidents.KindDuplicateLinked}},
		{"incidents", "followup", []string{incidents.KindAssessed, incidents.KindReopened, incidents.KindDuplicateMarked,
			incidents.KindDuplicateLinked, incidents.KindCommented}},
		{"incidents", "report", []string{incidents.KindReported}},
		{"incidents", "duplicate_link", []string{incidents.KindDuplicateLinked}},
		{"zones", "all", []string{zones.KindProposed, zones.KindAgreed}},
		{"zones", "proposal", []string{zones.KindProposed}},
		{"zones", "agreement", []string{zones.KindAgreed}},
		{"notify", "all", notify.EntryKinds()},
		// What the map shows of a site or movement changes with its
		// versions, reconfirmation (issue 15) and receipts; passing on,
		// queries and answers show on the notice's page only.
		{"notify", "site", []string{notify.KindSiteNotified, notify.KindSiteUpdated, notify.KindSiteCancelled,
			notify.KindSiteAcknowledged, notify.KindSiteRefused, notify.KindSiteReconfirmed, notify.KindSiteWithheld}},
		{"notify", "movement", []string{notify.KindMovementNotified, notify.KindMovementUpdated, notify.KindMovementCancelled,
			notify.KindMovementAcknowledged, notify.KindMovementRefused}},
		// A movement's reported positions move its marker in place.
		{"notify", "position", []string{notify.KindMovementPositions}},
		{"alerts", "all", alerts.EntryKinds()},
		{"alerts", "acknowledgement", []string{alerts.EntryRaised, alerts.EntryAcknowledged, alerts.EntryEscalated}},
		{"hotline", "all", []string{hotline.KindSent, hotline.KindRead, hotline.KindAcknowledged}},
		{"agreements", "all", agreements.EntryKinds()},
		{"flights", "all", flights.EntryKinds()},
		{"findings", "all", findings.EntryKinds()},
		{"cases", "all", cases.EntryKinds()},
		{"flights", "conflict", []string{flights.EntryConflictRaised, flights.EntryConflictCleared}},
	} {
		t.Run(tc.domain+"/"+tc.group, func(t *testing.T) {
			got := served[tc.domain][tc.group]
			if !slices.Equal(got, tc.want) {
				t.Errorf("served %v, want %v", got, tc.want)
			}
			for _, k := range got {
				if !slices.Contains(served[tc.domain]["all"], k) {
					t.Errorf("%s is not among the domain's kinds", k)
				}
			}
		})
	}
	groups := 0
	for _, gs := range served {
		groups += len(gs)
	}
	if groups != 21 {
		t.Errorf("served %d groups; a new group needs its row above", groups)
	}
}

// TestUIConfigSubjects checks that each subject prefix served is what its
// domain's constructor puts before a record's id.
func TestUIConfigSubjects(t *testing.T) {
	served := servedUIConfig(t).Subjects
	const id = "rec_1"
	constructors := map[string]func(string) string{
		"incident": incidents.Subject, "zone": zones.Subject, "alert": alerts.Subject, "message": hotline.Subject,
		"site":        func(id string) string { return notify.Subject(notify.TypeSite, id) },
		"movement":    func(id string) string { return notify.Subject(notify.TypeMovement, id) },
		"flightplan":  flights.PlanSubject,
		"reservation": flights.ReservationSubject,
		"conflict":    flights.ConflictSubject,
		"case":        cases.Subject,
		"agreement":   agreements.Subject,
		"passage":     agreements.PassageSubject,
	}
	if len(served) != len(constructors) {
		t.Errorf("served %d subject prefixes, want %d: %v", len(served), len(constructors), served)
	}
	for name, build := range constructors {
		if p, ok := served[name]; !ok || p == "" || p+id != build(id) {
			t.Errorf("subject prefix of %s = %q (served %v), want the prefix of %q", name, p, ok, build(id))
		}
	}
}
