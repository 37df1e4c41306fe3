package api

import (
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/accounts"
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/gazetteer"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/membership"
	"truce/internal/monitoring"
	"truce/internal/notify"
	"truce/internal/sitrep"
	"truce/internal/sources"
	"truce/internal/store"
	"truce/internal/stream"
	"truce/internal/zones"
)

// placeholderSigner returns a note signer under a fresh key.
func placeholderSigner() note.Signer {
	skey, _, err := note.GenerateKey(rand.Reader, "node")
	if err != nil {
		panic(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		panic(err)
	}
	return s
}

// fullDeps returns Deps with every required field set to a placeholder:
// New must not call a service, only keep it.
func fullDeps(ui http.Handler) Deps {
	return Deps{
		Accounts: &accounts.Service{}, Auditor: &accounts.Auditor{}, DB: &store.DB{}, Hashes: &ledger.HashStore{},
		Checkpointer: &ledger.Checkpointer{}, Public: &ledger.PublicLog{}, VerifierKey: "node+key", FeedSigner: placeholderSigner(), Ready: func() error { return nil },
		Places: &gazetteer.Gazetteer{}, Notify: &notify.Service{}, Alerts: &alerts.Service{},
		Hotline: &hotline.Service{}, Stream: &stream.Hub{}, Webhooks: &stream.Webhooks{}, CAPSender: "node",
		Zones: &zones.Service{}, Incidents: &incidents.Service{}, Findings: &findings.Service{}, Monitoring: &monitoring.Service{}, Membership: &membership.Service{},
		Flights: &flights.Service{}, Sources: &sources.Service{}, Agreements: &agreements.Service{}, Cases: &cases.Service{}, UI: ui,
		Sitrep: &sitrep.Builder{}, SitrepIssuer: &sitrep.Issuer{},
	}
}

// TestNewRequiresEveryDependency checks that New refuses a server with a
// service missing, naming it, rather than building one whose handlers
// would have to check for it on every request.
func TestNewRequiresEveryDependency(t *testing.T) {
	ui := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	tests := []struct {
		field string
		clear func(*Deps)
	}{
		{"Accounts", func(d *Deps) { d.Accounts = nil }},
		{"Auditor", func(d *Deps) { d.Auditor = nil }},
		{"DB", func(d *Deps) { d.DB = nil }},
		{"Hashes", func(d *Deps) { d.Hashes = nil }},
		{"Checkpointer", func(d *Deps) { d.Checkpointer = nil }},
		{"Public", func(d *Deps) { d.Public = nil }},
		{"VerifierKey", func(d *Deps) { d.VerifierKey = "" }},
		{"FeedSigner", func(d *Deps) { d.FeedSigner = nil }},
		{"Ready", func(d *Deps) { d.Ready = nil }},
		{"Places", func(d *Deps) { d.Places = nil }},
		{"Notify", func(d *Deps) { d.Notify = nil }},
		{"Alerts", func(d *Deps) { d.Alerts = nil }},
		{"Hotline", func(d *Deps) { d.Hotline = nil }},
		{"Stream", func(d *Deps) { d.Stream = nil }},
		{"Webhooks", func(d *Deps) { d.Webhooks = nil }},
		{"CAPSender", func(d *Deps) { d.CAPSender = "" }},
		{"Zones", func(d *Deps) { d.Zones = nil }},
		{"Incidents", func(d *Deps) { d.Incidents = nil }},
		{"Findings", func(d *Deps) { d.Findings = nil }},
		{"Monitoring", func(d *Deps) { d.Monitoring = nil }},
		{"Membership", func(d *Deps) { d.Membership = nil }},
		{"Flights", func(d *Deps) { d.Flights = nil }},
		{"Sources", func(d *Deps) { d.Sources = nil }},
		{"Agreements", func(d *Deps) { d.Agreements = nil }},
		{"Cases", func(d *Deps) { d.Cases = nil }},
		{"Sitrep", func(d *Deps) { d.Sitrep = nil }},
		{"SitrepIssuer", func(d *Deps) { d.SitrepIssuer = nil }},
		{"UI", func(d *Deps) { d.UI = nil }},
	}
	covered := map[string]bool{"Logger": true, "Registry": true, // optional: they have defaults
		"Federation":    true, // optional: nil on a node that is not federated
		"RosterChanges": true, // optional: nil on a node that is not federated
		"SitrepPDF":     true, // optional: a report asked for as PDF is 501 without it
		"Witnesses":     true, // optional: nil states no witness in proof bundles
	}
	for _, tc := range tests {
		covered[tc.field] = true
	}
	for f := range reflect.TypeFor[Deps]().Fields() {
		if !covered[f.Name] {
			t.Errorf("Deps.%s is neither required (in this table and Deps.missing) nor optional", f.Name)
		}
	}
	for _, tc := range tests {
		t.Run(tc.field, func(t *testing.T) {
			d := fullDeps(ui)
			tc.clear(&d)
			s, err := New(d, Options{})
			if err == nil || s != nil {
				t.Fatalf("New without %s = %v, %v; want an error", tc.field, s, err)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
		})
	}

	s, err := New(fullDeps(ui), Options{})
	if err != nil {
		t.Fatalf("New with every dependency: %v", err)
	}
	if s.features == nil {
		t.Error("the feature collections were not built by New")
	}
	// The UI is part of the server from the start: no route is added later.
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusTeapot {
		t.Errorf("GET / = %d, want the UI's %d", w.Code, http.StatusTeapot)
	}
}
