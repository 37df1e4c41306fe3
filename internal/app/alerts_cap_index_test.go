package app

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/cap/captest"
)

// capIndex is an Atom index of CAP alerts as read back.
type capIndex struct {
	ID      string `xml:"http://www.w3.org/2005/Atom id"`
	Title   string `xml:"http://www.w3.org/2005/Atom title"`
	Updated string `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID      string `xml:"http://www.w3.org/2005/Atom id"`
		Title   string `xml:"http://www.w3.org/2005/Atom title"`
		Updated string `xml:"http://www.w3.org/2005/Atom updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

// TestCAPIndexPerCaller reads the Atom index of CAP alerts as an
// aggregator does, page by page (rel="next"), as the public and as two
// parties: each entry is an alert the caller may see, with every element
// RFC 4287 requires, and links to a CAP 1.2 document that xmllint
// validates against the CAP 1.2 schema; an alert released to us only
// never appears for ru or the public, and the public, to whom no alert is
// released, gets a valid empty index.
func TestCAPIndexPerCaller(t *testing.T) {
	n := newTestNode(t)
	ctx := context.Background()
	raise := func(key, title string, concerned []string, cause access.Releasability) string {
		a, _, err := n.app.Alerts.Raise(ctx, alerts.Spec{Key: "test:" + key, Kind: alerts.KindOther, Severity: alerts.SeverityModerate,
			Title: title, Description: "Test alert " + key, Concerned: concerned, Causes: []access.Releasability{cause}})
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	shared := raise("shared", "Alert for every party", []string{"us", "ru", "un"}, access.Releasability{TLP: access.TLPClear})
	usOnly := raise("us-only", "Alert for us only", []string{"us"}, access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}})
	for _, tc := range []struct {
		user    string
		visible []string
		hidden  []string
	}{
		{"", nil, []string{shared, usOnly}}, // alerts are at least AMBER (alerts.Derive): the public index is empty
		{"ru-observer", []string{shared}, []string{usOnly}},
		{"us-observer", []string{shared, usOnly}, nil},
	} {
		seen := map[string]bool{}
		path := "/api/v1/alerts/cap.atom?limit=1"
		for pages := 0; path != ""; pages++ {
			if pages > 20 {
				t.Fatal("the index does not end")
			}
			code, body, h := n.do("GET", path, tc.user, nil)
			if code != 200 || h.Get("Content-Type") != "application/atom+xml" {
				t.Fatalf("%s as %q: %d %s", path, tc.user, code, body)
			}
			for _, id := range tc.hidden {
				if strings.Contains(string(body), id) {
					t.Errorf("index as %q names hidden alert %s", tc.user, id)
				}
			}
			var x capIndex
			if err := xml.Unmarshal(body, &x); err != nil || x.ID == "" || x.Title == "" || x.Updated == "" {
				t.Fatalf("index as %q: %v\n%s", tc.user, err, body)
			}
			path = ""
			for _, l := range x.Links {
				if l.Rel == "next" {
					path = strings.TrimPrefix(l.Href, n.srv.URL)
				}
			}
			for _, e := range x.Entries {
				if e.ID == "" || e.Title == "" || e.Updated == "" || len(e.Links) != 1 || e.Links[0].Type != "application/cap+xml" {
					t.Fatalf("entry %+v", e)
				}
				href := strings.TrimPrefix(e.Links[0].Href, n.srv.URL)
				code, doc, _ := n.do("GET", href, tc.user, nil)
				if code != 200 {
					t.Fatalf("CAP %s as %q: %d %s", href, tc.user, code, doc)
				}
				captest.Validate(t, doc)
				id := strings.TrimSuffix(strings.TrimPrefix(href, "/api/v1/alerts/"), ".cap")
				seen[id] = true
			}
		}
		for _, id := range tc.visible {
			if !seen[id] {
				t.Errorf("index as %q lacks alert %s (saw %v)", tc.user, id, seen)
			}
		}
		for id := range seen {
			if id != shared && id != usOnly {
				continue
			}
			for _, h := range tc.hidden {
				if id == h {
					t.Errorf("index as %q lists hidden alert %s", tc.user, id)
				}
			}
		}
	}
	if code, body, _ := n.do("GET", "/api/v1/alerts/cap.atom?cursor=nope", "", nil); code != 400 || !strings.Contains(string(body), "cursor") {
		t.Errorf("a bad cursor: %d %s", code, body)
	}
}
