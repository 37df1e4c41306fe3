package misp_test

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/misp"
	"truce/internal/testseed"
)

// TestEventUUIDRoundTrip checks on random ids that an event UUID is a
// valid UUIDv8 that gives its incident id back, and that UUIDs truce did
// not make are refused.
func TestEventUUIDRoundTrip(t *testing.T) {
	seed := testseed.Seed(t)
	for range 2000 {
		id := access.NewID("inc")
		u, ok := misp.EventUUID(id)
		if !ok || len(u) != 36 || u[14] != '8' || !strings.ContainsRune("89ab", rune(u[19])) {
			t.Fatalf("EventUUID(%s) = %q, %v", id, u, ok)
		}
		back, ok := misp.IncidentID(u)
		if !ok || back != id {
			t.Fatalf("IncidentID(%s) = %q, %v, want %s", u, back, ok, id)
		}
	}
	r := rand.New(rand.NewPCG(seed, 1))
	for _, bad := range []string{"", "inc_", "usr_0123456789abcdefghjk", "inc_0123456789abcdefghju", "inc_!!",
		"6b0f2a52-6c3e-4f4e-9a57-3c1d2b7e8f01", "00000000-0000-8000-8000-000000007472x", "not a uuid at all, not at all!!!!!!!!"} {
		if _, ok := misp.EventUUID(bad); ok && strings.HasPrefix(bad, "inc_") && len(bad) != 24 {
			t.Errorf("EventUUID accepted %q", bad)
		}
		if _, ok := misp.IncidentID(bad); ok {
			t.Errorf("IncidentID accepted %q", bad)
		}
	}
	for range 1000 { // random UUIDv4s are never read as an incident
		b := make([]byte, 16)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
		u := strings.Join([]string{hexOf(b[0:4]), hexOf(b[4:6]), hexOf(b[6:8]), hexOf(b[8:10]), hexOf(b[10:16])}, "-")
		if id, ok := misp.IncidentID(u); ok {
			t.Fatalf("IncidentID(%s) = %s", u, id)
		}
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// TestEventFollowsMISPFormat checks events of incidents under every TLP
// against MISP's published schema and types, and the TLP and audience
// tags.
func TestEventFollowsMISPFormat(t *testing.T) {
	for _, tc := range []struct {
		rel    access.Releasability
		tag    string
		status incidents.Status
	}{
		{access.Releasability{TLP: access.TLPClear}, "tlp:clear", incidents.StatusReported},
		{access.Releasability{TLP: access.TLPGreen}, "tlp:green", incidents.StatusConfirmed},
		{access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un"}}, "tlp:amber", incidents.StatusDisputed},
		{access.Releasability{TLP: access.TLPAmberStrict, Audience: []string{"us"}}, "tlp:amber+strict", incidents.StatusUnderReview},
		{access.Releasability{TLP: access.TLPRed, Audience: []string{"us"}}, "tlp:red", incidents.StatusUnfounded},
	} {
		in := &incidents.Incident{Report: incidents.Report{ID: access.NewID("inc"), Category: "shelling_missile",
			Time:     incidents.TimeSpan{Start: "2016-07-10T08:00:00Z", Precision: "hour"},
			Location: json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`), LocationPrecision: "1km", PlaceName: "Mill",
			Narrative: "Shelling near the mill", Casualties: []incidents.Casualty{{Outcome: "killed", Group: "civilian", Min: 1, Max: 2, Source: "hospital"}},
			Sources: []incidents.Source{{Name: "Council", Reliability: "C", Credibility: 3, URL: "https://example.org/report"}}},
			Party: "un", Release: tc.rel, Status: tc.status}
		doc, err := json.Marshal(misp.Document{Event: misp.EventOf(in, "UN cell", time.Unix(1473681600, 0))})
		if err != nil {
			t.Fatal(err)
		}
		if err := validate(doc); err != nil {
			t.Errorf("%s: %v\n%s", tc.tag, err, doc)
		}
		e := misp.EventOf(in, "UN cell", time.Unix(1473681600, 0))
		if e.Tag[0].Name != tc.tag || len(e.Tag) != 2+len(tc.rel.Audience) || e.Timestamp != "1473681600" || e.Date != "2016-07-10" {
			t.Errorf("%s: event %+v", tc.tag, e)
		}
		if (tc.rel.TLP == access.TLPClear) != (e.Distribution == "3") {
			t.Errorf("%s: distribution %s", tc.tag, e.Distribution)
		}
		for _, a := range e.Attribute {
			if a.ToIDs {
				t.Errorf("%s: attribute %s marked for detection", tc.tag, a.Type)
			}
		}
	}
}

// TestValidatorRefuses checks that the validation the tests rely on
// refuses documents MISP would not load.
func TestValidatorRefuses(t *testing.T) {
	for name, doc := range map[string]string{
		"no Event":             `{"event":{}}`,
		"an unknown type":      `{"Event":{"info":"x","date":"2016-07-10","threat_level_id":"4","analysis":"0","distribution":"0","published":true,"Attribute":[{"type":"geo","category":"Other","value":"x"}]}}`,
		"a type out of place":  `{"Event":{"info":"x","date":"2016-07-10","threat_level_id":"4","analysis":"0","distribution":"0","published":true,"Attribute":[{"type":"link","category":"Other","value":"x"}]}}`,
		"a number for a level": `{"Event":{"info":"x","date":"2016-07-10","threat_level_id":4,"analysis":"0","distribution":"0","published":true,"Attribute":[]}}`,
	} {
		if err := validate([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
