package ogc_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// linkToken issues a read-only link token for user through the API.
func (n *node) linkToken(user string, ttl int) (id, secret string) {
	n.t.Helper()
	m := n.must(201, "POST", "/api/v1/tokens", user, map[string]any{"name": "gis link", "scope": "read", "ttl_seconds": ttl})
	if m["scope"] != "read" || m["expires"] == nil {
		n.t.Fatalf("link token %v: want scope read and an expiry", m)
	}
	return m["id"].(string), m["secret"].(string)
}

// TestLinkTokenReadsAndNeverWrites: a read-only link token reads /ogc from
// the query string (a full token there is refused) and is refused, by the
// middleware, on every request that could change state.
func TestLinkTokenReadsAndNeverWrites(t *testing.T) {
	n := newNode(t)
	id, link := n.linkToken("us-liaison", 600)
	n.tokens["us-link"] = link

	items := n.must(200, "GET", "/ogc/collections/incidents/items?limit=1000&access_token="+url.QueryEscape(link), "", nil)
	var ids []string
	for _, f := range items["features"].([]any) {
		ids = append(ids, f.(map[string]any)["id"].(string))
	}
	if !slices.Contains(ids, n.ids["red-us"]) {
		t.Fatal("the link token does not read what its user may see")
	}
	if b, _ := json.Marshal(items["links"]); strings.Contains(string(b), "access_token") {
		t.Fatalf("links carry the token: %s", b)
	}

	before := n.app.Hashes.Size()
	cases := []struct {
		name, method, path, user string
		body                     any
		status                   int
		detail                   string
	}{
		{"full token in the query", "GET", "/ogc/collections/incidents/items?access_token=" + url.QueryEscape(n.tokens["us-liaison"]), "", nil, 400, "may not travel in a URL"},
		{"read as bearer", "GET", "/api/v1/incidents", "us-link", nil, 200, ""},
		{"write", "POST", "/api/v1/incidents", "us-link", map[string]any{}, 403, "read-only"},
		{"mint a token", "POST", "/api/v1/tokens", "us-link", map[string]any{"name": "escalate"}, 403, "read-only"},
		{"revoke a token", "DELETE", "/api/v1/tokens/" + id, "us-link", nil, 403, "read-only"},
		{"unknown scope", "POST", "/api/v1/tokens", "us-liaison", map[string]any{"name": "x", "scope": "admin"}, 422, "not a token scope"},
		{"link token too long-lived", "POST", "/api/v1/tokens", "us-liaison", map[string]any{"name": "x", "scope": "read", "ttl_seconds": 90000}, 422, "at most 86400 seconds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, h := n.do(tc.method, tc.path, tc.user, tc.body)
			if code != tc.status || (tc.detail != "" && (!strings.Contains(string(body), tc.detail) || h.Get("Content-Type") != "application/problem+json")) {
				t.Fatalf("%d %s, want %d saying %q", code, body, tc.status, tc.detail)
			}
		})
	}
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("refused requests appended %d entries", after-before)
	}
	// A read-only token cannot write through a session-like path either:
	// the same check covers every unsafe method.
	for _, m := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if code, _, _ := n.do(m, "/api/v1/sites/x", "us-link", nil); code != 403 {
			t.Errorf("%s with a read-only token: %d, want 403", m, code)
		}
	}
}

// TestGDALReadsWithALinkToken: a client that can only be given a URL reads
// every incident its user may see with a link token in the query string,
// page after page: GDAL repeats the connection URL's query parameters on
// the next links, which do not carry the token themselves (the test reads
// GDAL's own request log to see it page).
func TestGDALReadsWithALinkToken(t *testing.T) {
	n := newNode(t)
	_, link := n.linkToken("us-liaison", 600)
	out := filepath.Join(t.TempDir(), "incidents.geojson")
	trace := gdalWith(t, []string{"CPL_DEBUG=ON", "CPL_CURL_VERBOSE=YES"}, "ogr2ogr", "-oo", "PAGE_SIZE=5", "-f", "GeoJSON", out,
		"OAPIF:"+n.srv.URL+"/ogc?access_token="+url.QueryEscape(link), "incidents")
	pages := 0
	for _, l := range strings.Split(trace, "\n") {
		if strings.Contains(l, "GET /ogc/collections/incidents/items?") && strings.Contains(l, "cursor=") {
			pages++
			if !strings.Contains(l, "access_token=") {
				t.Fatalf("GDAL fetched a next page without the token: %s", strings.TrimSpace(l))
			}
		}
	}
	if pages < 2 {
		t.Fatalf("GDAL fetched %d next pages; the test proves nothing about paging", pages)
	}
	got, want := geojsonIDs(t, out), n.allItems("/ogc/collections/incidents/items?limit=1000", "us-liaison")
	if !slices.Equal(sorted(got), sorted(want)) || !slices.Contains(got, n.ids["red-us"]) {
		t.Fatalf("GDAL read %d incidents with a link token, the API serves %d", len(got), len(want))
	}
}
