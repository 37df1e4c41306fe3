package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestWrongMethodIs405WithAllow: a path a route serves, asked with another
// method, is a 405 problem with Allow; a path no route serves stays 404.
func TestWrongMethodIs405WithAllow(t *testing.T) {
	n := newImportNode(t, "us-reporter")
	cases := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"DELETE", "/api/v1/incidents", 405, "GET, HEAD, POST"},
		{"PUT", "/api/v1/alerts/alr_x/acknowledge", 405, "POST"},
		{"POST", "/healthz", 405, "GET, HEAD"},
		{"DELETE", "/log/checkpoint", 405, "GET, HEAD"},
		{"GET", "/api/v1/no-such-thing", 404, ""},
		{"GET", "/api/v1/incidents", 200, ""},
	}
	for _, tc := range cases {
		code, body, h := n.do(tc.method, tc.path, "us-reporter", "application/json", nil)
		if code != tc.status || h.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want %d Allow %q (%s)", tc.method, tc.path, code, h.Get("Allow"), tc.status, tc.allow, body)
			continue
		}
		if code == 405 {
			var p struct{ Type, Detail string }
			if json.Unmarshal(body, &p) != nil || !strings.HasSuffix(p.Type, "/method-not-allowed") || !strings.Contains(p.Detail, tc.allow) {
				t.Errorf("%s %s: problem %s, want type method-not-allowed naming %s", tc.method, tc.path, body, tc.allow)
			}
		}
	}
}

// TestConditionalGetAndNextLink: a read whose ETag the client holds is a
// 304 without a body; a page with more after it links to the next one.
func TestConditionalGetAndNextLink(t *testing.T) {
	n := newImportNode(t, "us-reporter")
	var ids []string
	for i := 0; i < 3; i++ {
		in := n.report("us-reporter", map[string]any{"category": "shelling_missile", "time": map[string]string{"start": "2016-07-13T06:00:00Z", "precision": "day"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "5km",
			"narrative": "Shelling " + string(rune('a'+i)) + ".", "releasability": map[string]any{"tlp": "GREEN"}})
		ids = append(ids, in.ID)
	}
	code, _, h := n.do("GET", "/api/v1/incidents/"+ids[0], "us-reporter", "", nil)
	etag := h.Get("ETag")
	if code != 200 || etag == "" {
		t.Fatalf("GET incident: %d ETag %q", code, etag)
	}
	if h.Get("Vary") != "Authorization, Cookie" || h.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("GET incident: Vary %q, Cache-Control %q; want an answer cached per caller and revalidated", h.Get("Vary"), h.Get("Cache-Control"))
	}
	for _, tc := range []struct {
		ifNoneMatch string
		status      int
	}{
		{etag, 304}, {"W/" + etag, 304}, {`"other", ` + etag, 304}, {"*", 304}, {`"999999"`, 200}, {"", 200},
	} {
		req, _ := http.NewRequest("GET", n.srv.URL+"/api/v1/incidents/"+ids[0], nil)
		req.Header.Set("Authorization", "Bearer "+n.tokens["us-reporter"])
		if tc.ifNoneMatch != "" {
			req.Header.Set("If-None-Match", tc.ifNoneMatch)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var buf [1]byte
		nread, _ := resp.Body.Read(buf[:])
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("If-None-Match %q: %d, want %d", tc.ifNoneMatch, resp.StatusCode, tc.status)
		}
		if tc.status == 304 && (nread != 0 || resp.Header.Get("ETag") != etag) {
			t.Errorf("If-None-Match %q: 304 with a body or without the ETag (%q)", tc.ifNoneMatch, resp.Header.Get("ETag"))
		}
	}

	path := "/api/v1/incidents?limit=2"
	var seen []string
	for pages := 0; path != ""; pages++ {
		if pages > 3 {
			t.Fatal("the Link rel=next chain does not end")
		}
		code, body, h := n.do("GET", path, "us-reporter", "", nil)
		var page struct {
			Items []struct{ ID string }
			Next  string
		}
		if code != 200 || json.Unmarshal(body, &page) != nil {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
		for _, it := range page.Items {
			seen = append(seen, it.ID)
		}
		link := h.Get("Link")
		if (page.Next == "") != (link == "") {
			t.Fatalf("GET %s: next %q but Link %q", path, page.Next, link)
		}
		path = ""
		if link != "" {
			target, rel, ok := strings.Cut(link, ">; ")
			if !ok || rel != `rel="next"` || !strings.HasPrefix(target, "</api/v1/incidents?") || !strings.Contains(target, "limit=2") {
				t.Fatalf("Link %q, want <…/api/v1/incidents?…limit=2…>; rel=\"next\"", link)
			}
			path = strings.TrimPrefix(target, "<")
		}
	}
	if len(seen) != 3 {
		t.Errorf("following Link rel=next gave %d incidents, want 3", len(seen))
	}
}

// TestProblemTypeOpensItsPage: a problem's type, resolved against the
// node's URL, opens a page that says what the problem means.
func TestProblemTypeOpensItsPage(t *testing.T) {
	n := newImportNode(t)
	code, body, _ := n.do("GET", "/api/v1/incidents/inc_nosuch", "", "", nil)
	var p struct{ Type string }
	if code != 404 || json.Unmarshal(body, &p) != nil || p.Type != "/problems/not-found" {
		t.Fatalf("GET a missing incident: %d %s, want a not-found problem typed /problems/not-found", code, body)
	}
	code, page, h := n.do("GET", p.Type, "", "", nil)
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(string(page), "What to do") {
		t.Errorf("GET %s: %d %s %.200s", p.Type, code, h.Get("Content-Type"), page)
	}
	if code, _, _ := n.do("GET", "/problems/", "", "", nil); code != 200 {
		t.Errorf("GET /problems/: %d", code)
	}
	if code, _, _ := n.do("GET", "/problems/no-such-type", "", "", nil); code != 404 {
		t.Errorf("GET /problems/no-such-type: %d, want 404", code)
	}
}
