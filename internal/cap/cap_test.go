package cap

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"truce/internal/access"
	"truce/internal/alerts"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// schema is the OASIS CAP 1.2 schema, copied into the repository.
const schema = "../../testdata/cap/CAP-v1.2.xsd"

func sample() []*alerts.Alert {
	site := &alerts.Alert{ID: "alr_site", Key: "k1", Kind: alerts.KindSiteAffected, Severity: alerts.SeverityExtreme, Status: alerts.StatusOpen,
		Title: "Notified site affected: M10 hospital (\"Aleppo\") <east> & co", Description: "Incident inc_1 lies within the 300 m buffer.",
		Party: "ngo", Concerned: []string{"ngo", "ru", "us"},
		Links:   []alerts.Link{{Type: "incident", ID: "inc_1", Seq: 41}, {Type: "site", ID: "site_1", Seq: 12}},
		Area:    &alerts.Area{Description: "M10 hospital", Lon: 37.1573, Lat: 36.2021, RadiusM: 300},
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ngo", "ru", "us"}},
		Raised:  "2016-09-19T21:04:05.123456789Z", Deadline: "2016-09-19T22:04:05.123456789Z"}
	overdue := &alerts.Alert{ID: "alr_overdue", Kind: alerts.KindAckOverdue, Severity: alerts.SeveritySevere, Level: 1, Status: alerts.StatusOpen,
		Title: "Acknowledgement overdue", Concerned: []string{"un"}, Release: access.Releasability{TLP: access.TLPClear},
		Raised: "2016-09-19T21:04:05Z", Deadline: "2016-09-20T01:04:05Z"}
	// An air conflict alert to a party that may not know the other
	// aircraft: written with its opaque reference, as flights raises it.
	air := &alerts.Alert{ID: "alr_air_party", Key: "air_conflict:cfl_1:52/un", Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere,
		Status: alerts.StatusOpen, Title: "Air conflict: flight plan fpl_un1 (un) and flight plan ref_0123456789abcdefghjk (another party)",
		Description: "flight plan fpl_un1 (un) and flight plan ref_0123456789abcdefghjk (another party) lose separation from 2016-09-19T21:10:00Z to 2016-09-19T21:12:00Z",
		Party:       "un", Concerned: []string{"un"}, Links: []alerts.Link{{Type: "conflict", ID: "cfl_1", Seq: 52}},
		Area:    &alerts.Area{Description: "where separation is least", Lon: 37.5, Lat: 35, RadiusM: 9260},
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"un"}},
		Raised:  "2016-09-19T21:04:05Z", Deadline: "2016-09-20T01:04:05Z"}
	// Mines reported on a safe passage, to the parties concerned and the
	// agency moving on it.
	hazard := &alerts.Alert{ID: "alr_hazard", Key: "passage_hazard:psg_1:60", Kind: alerts.KindPassageHazard, Severity: alerts.SeveritySevere,
		Status: alerts.StatusOpen, Title: "mines reported on Corridor E", Description: "anti-tank mines at the bridge",
		Party: "ru", Concerned: []string{"ngo", "ru", "us"}, Links: []alerts.Link{{Type: "passage", ID: "psg_1", Seq: 60}},
		Area:    &alerts.Area{Description: "Corridor E", Lon: 37.15, Lat: 36.151, RadiusM: 1000},
		Release: access.Releasability{TLP: access.TLPGreen, Audience: []string{"ngo", "ru", "us"}},
		Raised:  "2016-09-19T21:04:05Z", Deadline: "2016-09-19T22:04:05Z"}
	return []*alerts.Alert{site, overdue, air, hazard}
}

func TestEncodeIsValidCAP(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is missing: apt-get install libxml2-utils (scripts/test installs it)")
	}
	dir := t.TempDir()
	for _, a := range sample() {
		out, err := Encode(a, Options{Sender: "demo.truce.invalid/centre", Web: "https://centre.example"})
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, a.ID+".xml")
		if err := os.WriteFile(file, out, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("xmllint", "--noout", "--schema", schema, file)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s is not valid CAP 1.2: %v\n%s\n%s", a.ID, err, msg, out)
		}
		golden := filepath.Join("testdata", a.ID+".golden.xml")
		if *update {
			if err := os.WriteFile(golden, out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(out, want) {
			t.Fatalf("%s differs from %s:\n%s", a.ID, golden, out)
		}
	}
}

func TestEncodeRejectsBadTimes(t *testing.T) {
	a := sample()[0]
	a.Raised = "yesterday"
	if _, err := Encode(a, Options{}); err == nil {
		t.Fatal("an alert with a malformed time was encoded")
	}
}
