package app

import (
	"encoding/json"
	"strings"
	"testing"

	"truce/internal/report/doc"
)

// TestSitrepAPI: GET /api/v1/reports/sitrep serves each reader the report
// of what it may see (an AMBER incident for us and ru counts for us, never
// for the public or un), as HTML, JSON or PDF; bad input is a 400 problem naming the parameter and changes
// nothing.
func TestSitrepAPI(t *testing.T) {
	n := domainNode(t)
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("clear1", 37.1, 36.1, "CLEAR"))
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("amber1", 37.2, 36.2, "AMBER", "us", "ru"))
	const path = "/api/v1/reports/sitrep?date=2016-07-11" // the period to 06:00 on the 11th

	count := func(user string) int64 {
		t.Helper()
		status, body, _ := n.do("GET", path+"&format=json", user, nil)
		if status != 200 {
			t.Fatalf("%s: %d %s", user, status, body)
		}
		var d doc.Document
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		for _, s := range d.Sections {
			for _, b := range s.Blocks {
				if f, ok := b.(doc.Figures); ok {
					return f.Items[0].Value
				}
			}
		}
		t.Fatal("no figures")
		return 0
	}
	for user, want := range map[string]int64{"": 1, "un-analyst": 1, "us-analyst": 2, "ru-reporter": 2} {
		if got := count(user); got != want {
			t.Errorf("%q counts %d incidents, want %d", user, got, want)
		}
	}

	status, body, h := n.do("GET", path+"&lang=ar", "", nil)
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(string(body), `dir="rtl"`) {
		t.Errorf("html: %d %s %.200s", status, h.Get("Content-Type"), body)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("report page CSP %q", csp)
	}

	size := n.logSize()
	for _, c := range []struct {
		query  string
		status int
		field  string
	}{
		{"", 400, "date"},
		{"?date=2016-7-10", 400, "date"},
		{"?date=2016-02-30", 400, "date"},
		{"?date=2016-07-10&lang=fr", 400, "lang"},
		{"?date=2016-07-10&format=docx", 400, "format"},
		{"?date=2016-07-10&colour=red", 400, "colour"},
		{"?date=2016-07-10&date=2016-07-11", 400, "date"},
		{"?date=2016-07-10&zone=zone_unknown", 404, ""},
	} {
		status, body, h := n.do("GET", "/api/v1/reports/sitrep"+c.query, "us-analyst", nil)
		if status != c.status || h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s, want %d problem", c.query, status, h.Get("Content-Type"), c.status)
			continue
		}
		if c.field != "" && !strings.Contains(string(body), `"field":"`+c.field+`"`) {
			t.Errorf("%s: problem does not name %s: %s", c.query, c.field, body)
		}
	}
	if n.logSize() != size {
		t.Errorf("bad requests appended %d entries", n.logSize()-size)
	}
	// The node renders the PDF inside the binary.
	status, pdf, ph := n.do("GET", "/api/v1/reports/sitrep?date=2016-07-10&format=pdf&lang=ar", "us-analyst", nil)
	if status != 200 || ph.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("the report as PDF: %d %s, %.20q", status, ph.Get("Content-Type"), pdf)
	}
}
