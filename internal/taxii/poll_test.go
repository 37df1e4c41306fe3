package taxii_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"truce/internal/stix"
)

// TestAddedAfterSeesEachChangeOnce polls as a client that remembers the
// last date_added: it gets only what was added since, and an incident
// changed later comes again, once, with a later date_added.
func TestAddedAfterSeesEachChangeOnce(t *testing.T) {
	n := newNode(t)
	first := n.report("un-reporter", "after-1", "CLEAR")
	var m struct {
		Objects []head `json:"objects"`
	}
	h := n.get(n.collectionPath()+"manifest/?"+url.Values{"match[id]": {stix.ID("incident", first)}}.Encode(), "ru-observer", &m)
	if len(m.Objects) != 1 {
		t.Fatalf("manifest of %s: %+v", first, m)
	}
	mark := h.Get("X-TAXII-Date-Added-Last")
	if mark != m.Objects[0].DateAdded {
		t.Fatalf("X-TAXII-Date-Added-Last %q, record %q", mark, m.Objects[0].DateAdded)
	}
	second := n.report("un-reporter", "after-2", "CLEAR")
	since := func(after string) map[string]int {
		got := map[string]int{}
		for _, o := range heads(t, pollAll(n, "objects/", "ru-observer", 3, url.Values{"added_after": {after}, "match[type]": {"incident"}})) {
			got[o.ID]++
		}
		return got
	}
	got := since(mark)
	if len(got) != 1 || got[stix.ID("incident", second)] != 1 {
		t.Fatalf("added after %s: %v, want only %s", mark, got, second)
	}
	// A change to the first incident (a comment is not one; a duplicate
	// link is) adds it again.
	b, _ := json.Marshal(map[string]string{"duplicate_of": second})
	_, _, ih := n.do("GET", "/api/v1/incidents/"+first, "us-analyst", nil, "Accept", "application/json")
	if code, out, _ := n.do("POST", "/api/v1/incidents/"+first+"/duplicate", "us-analyst", b, "Content-Type", "application/json",
		"Accept", "application/json", "If-Match", ih.Get("ETag")); code != 200 {
		t.Fatalf("marking a duplicate: %d %s", code, out)
	}
	got = since(mark)
	if len(got) != 2 || got[stix.ID("incident", first)] != 1 || got[stix.ID("incident", second)] != 1 {
		t.Fatalf("after the change: %v", got)
	}
}

// TestFiltersAndBadInput checks the match filters and that every bad
// request gets a clear 4xx TAXII error that is also an RFC 9457 problem.
func TestFiltersAndBadInput(t *testing.T) {
	n := newNode(t)
	id := stix.ID("incident", n.report("un-reporter", "filter-1", "CLEAR"))
	path := n.collectionPath()
	for _, tc := range []struct {
		query string
		check func([]head) bool
	}{
		{"match[type]=incident,location", func(hs []head) bool {
			for _, h := range hs {
				if h.Type != "incident" && h.Type != "location" {
					return false
				}
			}
			return len(hs) > 0
		}},
		{"match[id]=" + id, func(hs []head) bool { return len(hs) == 1 && hs[0].ID == id }},
		{"match[id]=" + id + "&match[version]=last", func(hs []head) bool { return len(hs) == 1 }},
		{"match[id]=" + id + "&match[version]=2000-01-01T00:00:00.000Z", func(hs []head) bool { return len(hs) == 0 }},
		{"match[id]=" + id + "&match[spec_version]=2.0", func(hs []head) bool { return len(hs) == 0 }},
		{"match[id]=" + id + "&match[spec_version]=2.1", func(hs []head) bool { return len(hs) == 1 }},
		{"added_after=2999-01-01T00:00:00Z", func(hs []head) bool { return len(hs) == 0 }},
		{"limit=100000&match[type]=incident", func(hs []head) bool { return len(hs) > 0 }}, // capped, not refused
	} {
		var p page
		n.get(path+"objects/?"+tc.query, "un-observer", &p)
		if hs := heads(t, p.Objects); !tc.check(hs) {
			t.Errorf("%s: %+v", tc.query, hs)
		}
	}
	var v struct{ Versions []string }
	n.get(path+"objects/"+id+"/versions/", "un-observer", &v)
	if len(v.Versions) != 1 {
		t.Errorf("versions of %s: %v", id, v)
	}
	for _, tc := range []struct {
		method, path, user string
		headers            []string
		code               int
	}{
		{"GET", path + "objects/?added_after=yesterday", "", nil, 400},
		{"GET", path + "objects/?limit=0", "", nil, 400},
		{"GET", path + "objects/?limit=ten", "", nil, 400},
		{"GET", path + "objects/?next=bm9wZQ", "", nil, 400},
		{"GET", path + "objects/?match[colour]=red", "", nil, 400},
		{"GET", path + "objects/?match[id]=nope", "", nil, 400},
		{"GET", path + "objects/?match[version]=newest", "", nil, 400},
		{"GET", path + "objects/not-an-id/", "", nil, 400},
		{"GET", path + "objects/", "", []string{"Accept", "application/json"}, 406},
		{"GET", path + "objects/", "", []string{"Accept", "application/taxii+json;version=2.0"}, 406},
		{"GET", "/taxii2/truce/collections/00000000-0000-4000-8000-000000000000/objects/", "", nil, 404},
		{"GET", "/taxii2/elsewhere/", "", nil, 404},
		{"GET", "/taxii2/truce/status/nope/", "un-reporter", nil, 404},
	} {
		code, out, h := n.do(tc.method, tc.path, tc.user, nil, tc.headers...)
		var e struct {
			Title      string `json:"title"`
			HTTPStatus string `json:"http_status"`
			Status     int    `json:"status"`
			Detail     string `json:"detail"`
		}
		if code != tc.code || json.Unmarshal(out, &e) != nil || e.Status != tc.code || e.Title == "" || e.Detail == "" || e.HTTPStatus == "" ||
			h.Get("Content-Type") != "application/taxii+json;version=2.1" {
			t.Errorf("%s %s %v: %d %s (%s), want %d", tc.method, tc.path, tc.headers, code, out, h.Get("Content-Type"), tc.code)
		}
		if strings.Contains(string(out), "goroutine") {
			t.Errorf("%s: internal detail: %s", tc.path, out)
		}
	}
}
