package app

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestNotificationReadAudit checks that the notifier sees who at each
// party read or exported its site's coordinates, and through which path,
// and that no other party sees that audit.
func TestNotificationReadAudit(t *testing.T) {
	n := newTestNode(t)
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "Audit hospital"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.21, 36.15}}, "buffer_m": 300, "parties": []string{"ru", "us"}}
	code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site)
	if code != 201 {
		t.Fatalf("notify: %d %s", code, body)
	}
	var s struct{ ID string }
	json.Unmarshal(body, &s)
	for _, path := range []string{"/api/v1/sites/" + s.ID, "/api/v1/exports/sites?format=geojson", "/ogc/collections/sites/items"} {
		if code, body, _ := n.do("GET", path, "ru-liaison", nil); code != 200 {
			t.Fatalf("ru reads %s: %d %s", path, code, body)
		}
	}
	code, body, _ = n.do("GET", "/api/v1/sites/"+s.ID+"/reads", "un-liaison", nil)
	var reads struct {
		Items []struct {
			Reader, ReaderParty, Path string
		}
	}
	json.Unmarshal(body, &reads)
	var paths []string
	for _, r := range reads.Items {
		if r.Reader == "ru-liaison" {
			paths = append(paths, r.Path)
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	if code != 200 || !slices.Equal(paths, []string{"api", "export", "ogc"}) {
		t.Fatalf("the notifier's read audit: %d %s; ru-liaison's paths %v, want api, export, ogc", code, body, paths)
	}
	// Paged one at a time (README "Paging"), the pages hold the same reads.
	var paged int
	for path := "/api/v1/sites/" + s.ID + "/reads?limit=1"; ; {
		code, body, _ := n.do("GET", path, "un-liaison", nil)
		var page struct {
			Items []json.RawMessage
			Next  string
		}
		if err := json.Unmarshal(body, &page); code != 200 || err != nil {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		if page.Next != "" && len(page.Items) != 1 {
			t.Fatalf("%s: %d items with a next page, want 1", path, len(page.Items))
		}
		paged += len(page.Items)
		if page.Next == "" {
			break
		}
		path = "/api/v1/sites/" + s.ID + "/reads?limit=1&cursor=" + page.Next
	}
	if paged != len(reads.Items) {
		t.Fatalf("paged one at a time: %d reads, want %d", paged, len(reads.Items))
	}
	for _, tc := range []struct {
		user, path string
		status     int
	}{
		{"ru-liaison", "/api/v1/sites/" + s.ID + "/reads", 403},
		{"", "/api/v1/sites/" + s.ID + "/reads", 401},
		{"un-liaison", "/api/v1/movements/" + s.ID + "/reads", 404},
		{"un-liaison", "/api/v1/sites/site_none/reads", 404},
		{"un-liaison", "/api/v1/sites/" + s.ID + "/reads?cursor=abc", 400},
		{"un-liaison", "/api/v1/sites/" + s.ID + "/reads?cursor=ar1.MTA", 400}, // another listing's
		{"un-liaison", "/api/v1/sites/" + s.ID + "/reads?limit=0", 400},
	} {
		if code, body, h := n.do("GET", tc.path, tc.user, nil); code != tc.status || h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s as %q: %d %s, want a %d problem", tc.path, tc.user, code, body, tc.status)
		}
	}
}
