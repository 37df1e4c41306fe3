package app

import (
	"encoding/json"
	"strings"
	"testing"

	"truce/internal/report/doc"
)

// TestPublishedSitrepAPI: the public page's reports (GET
// /api/v1/reports/sitrep/agreed…) hold a period's issued report only once
// every co-chair signed it off; it then says who agreed and cites the
// sign-off entries, in HTML, JSON and PDF, and counts CLEAR records only
// (an AMBER incident for us and ru is in no published report). A
// correction supersedes it: the superseded issue takes no sign-off, and
// the public keeps the earlier agreed issue until the correction is agreed.
// Bad input is a problem and writes nothing.
func TestPublishedSitrepAPI(t *testing.T) {
	n := domainNode(t)
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("clear1", 37.1, 36.1, "CLEAR"))
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("amber1", 37.2, 36.2, "AMBER", "us", "ru"))
	const day = "2016-07-11"
	const published = "/api/v1/reports/sitrep/agreed/" + day
	issued, _ := n.must(201, "POST", "/api/v1/reports/sitrep", "us-liaison", "", map[string]any{"date": day, "lang": "en"})
	first := issued["sha256"].(string)
	issuedPath := "/api/v1/reports/sitrep/issued/" + day + "/"

	n.must(404, "GET", published, "", "", nil)
	n.must(200, "POST", issuedPath+first+"/agreements", "us-liaison", "", nil)
	n.must(404, "GET", published, "", "", nil)
	if list, _ := n.must(200, "GET", "/api/v1/reports/sitrep/agreed", "", "", nil); len(list["reports"].([]any)) != 0 {
		t.Errorf("listed before every co-chair agreed: %v", list)
	}
	n.must(200, "POST", issuedPath+first+"/agreements", "ru-liaison", "", nil)

	agreement := func(user string) (doc.Document, []string) {
		t.Helper()
		status, body, _ := n.do("GET", published+"?format=json", user, nil)
		if status != 200 {
			t.Fatalf("%q: %d %s", user, status, body)
		}
		var d doc.Document
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, b := range d.Sections[len(d.Sections)-1].Blocks {
			if p, ok := b.(doc.Paragraph); ok {
				texts = append(texts, p.Text)
			}
		}
		return d, texts
	}
	for _, user := range []string{"", "un-analyst", "us-analyst"} {
		d, texts := agreement(user)
		if len(texts) < 2 || texts[0] != "Agreed by us and ru." || !strings.Contains(texts[1], first) {
			t.Errorf("%q: agreement %q", user, texts)
		}
		if got := d.Sections[0].Blocks[0].(doc.Figures).Items[0].Value; got != 1 {
			t.Errorf("%q: the published report counts %d incidents, want the CLEAR one", user, got)
		}
	}
	status, body, h := n.do("GET", published+"?lang=en", "", nil)
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "Agreed by us and ru.") {
		t.Errorf("html: %d %s", status, h.Get("Content-Type"))
	}
	if status, pdf, h := n.do("GET", published+"?format=pdf", "", nil); status != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("pdf: %d %s", status, h.Get("Content-Type"))
	}

	size := n.logSize()
	for _, c := range []struct {
		method, path, user string
		body               any
		status             int
	}{
		{"GET", published + "?lang=fr", "", nil, 400},
		{"GET", published + "?format=docx", "", nil, 400},
		{"GET", published + "?colour=red", "", nil, 400},
		{"GET", "/api/v1/reports/sitrep/agreed/2016-02-30", "", nil, 400},
		{"GET", "/api/v1/reports/sitrep/agreed?lang=fr", "", nil, 400},
		{"GET", "/api/v1/reports/sitrep/agreed/2016-07-12", "", nil, 404},
		{"POST", issuedPath + first + "/corrections", "us-liaison", map[string]any{"reason": ""}, 422},
		{"POST", issuedPath + first + "/corrections", "us-liaison", map[string]any{"reason": "x", "colour": "red"}, 400},
		{"POST", issuedPath + "00" + first[2:] + "/corrections", "us-liaison", map[string]any{"reason": "typo"}, 404},
		{"POST", issuedPath + first + "/corrections", "un-liaison", map[string]any{"reason": "typo"}, 403},
		{"POST", issuedPath + first + "/corrections", "", map[string]any{"reason": "typo"}, 401},
	} {
		status, body, h := n.do(c.method, c.path, c.user, c.body)
		if status != c.status || h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s as %q: %d %s, want a %d problem: %.200s", c.method, c.path, c.user, status, h.Get("Content-Type"), c.status, body)
		}
	}
	if n.logSize() != size {
		t.Errorf("bad requests appended %d entries", n.logSize()-size)
	}

	fix, _ := n.must(201, "POST", issuedPath+first+"/corrections", "ru-liaison", "", map[string]any{"reason": "the incident count was wrong"})
	second := fix["sha256"].(string)
	if fix["supersedes"] != first || fix["reason"] != "the incident count was wrong" || fix["agreed"] != false {
		t.Errorf("correction: %v", fix)
	}
	size = n.logSize()
	n.must(409, "POST", issuedPath+first+"/agreements", "us-liaison", "", nil)
	n.must(409, "POST", issuedPath+first+"/corrections", "us-liaison", "", map[string]any{"reason": "again"})
	if n.logSize() != size {
		t.Errorf("refused sign-off and correction appended %d entries", n.logSize()-size)
	}
	if _, texts := agreement(""); len(texts) < 3 || !strings.Contains(texts[1], first) || !strings.Contains(texts[2], second) {
		t.Errorf("before the correction is agreed the public keeps the first, saying it is superseded: %q", texts)
	}
	n.must(200, "POST", issuedPath+second+"/agreements", "ru-liaison", "", nil)
	n.must(200, "POST", issuedPath+second+"/agreements", "us-liaison", "", nil)
	if _, texts := agreement(""); len(texts) < 3 || texts[0] != "Agreed by ru and us." || !strings.Contains(texts[1], second) ||
		texts[2] != "This issue corrects the report "+first+": the incident count was wrong" {
		t.Errorf("the agreed correction: %q", texts)
	}
	list, _ := n.must(200, "GET", "/api/v1/reports/sitrep/agreed", "", "", nil)
	if rs := list["reports"].([]any); len(rs) != 1 || rs[0].(map[string]any)["sha256"] != second {
		t.Errorf("published list: %v", list)
	}
	// Both issues stay in the log: the superseded one names its correction.
	issuedList, _ := n.must(200, "GET", "/api/v1/reports/sitrep/issued/"+day, "", "", nil)
	rs := issuedList["reports"].([]any)
	if len(rs) != 2 || rs[0].(map[string]any)["superseded_by"] != second {
		t.Errorf("issued list: %v", issuedList)
	}
}
