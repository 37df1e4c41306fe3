package misp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/misp"
)

// feedNode starts a real node (package app over SQLite) on 127.0.0.1 with
// parties un, us and ru and a reporter per party; it returns the server
// and each party's token.
func feedNode(t *testing.T) (*httptest.Server, map[string]string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "test.truce.invalid/misp", Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []accounts.NewParty{{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	tokens := map[string]string{}
	for _, party := range []string{"un", "us", "ru"} {
		u, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: party + "-reporter", Party: party, Role: access.RoleReporter,
			Password: "password-" + party}, true)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
		if err != nil {
			t.Fatal(err)
		}
		tokens[party] = tok.Secret
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	return srv, tokens
}

func call(t *testing.T, srv *httptest.Server, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// TestFeedPerCaller reads the feed as MISP does (the manifest, then each
// event it lists) as each party and the public: each gets the events of
// exactly the incidents it may see, every event follows MISP's published
// format, and the event of a hidden incident is a 404 like one that does
// not exist.
func TestFeedPerCaller(t *testing.T) {
	srv, tokens := feedNode(t)
	report := func(party, ext, tlp string, audience ...string) string {
		rel := map[string]any{"tlp": tlp}
		if len(audience) > 0 {
			rel["audience"] = audience
		}
		code, out := call(t, srv, "POST", "/api/v1/incidents", tokens[party], map[string]any{"external_id": ext, "category": "shelling_missile",
			"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "1km",
			"perpetrator": map[string]any{"kind": "unknown"}, "narrative": "Shelling reported near the market " + ext, "releasability": rel,
			"sources": []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3, "url": "https://example.org/" + ext}}})
		var in struct{ ID string }
		if code != 201 || json.Unmarshal(out, &in) != nil {
			t.Fatalf("report %s: %d %s", ext, code, out)
		}
		u, ok := misp.EventUUID(in.ID)
		if !ok {
			t.Fatalf("no event UUID for %s", in.ID)
		}
		return u
	}
	clear := report("un", "clear-1", "CLEAR")
	red := report("us", "red-1", "RED", "us")
	amber := report("ru", "amber-1", "AMBER", "ru")
	for _, tc := range []struct {
		who     string
		visible []string
		hidden  []string
	}{
		{"", []string{clear}, []string{red, amber}},
		{"us", []string{clear, red}, []string{amber}},
		{"ru", []string{clear, amber}, []string{red}},
	} {
		code, out := call(t, srv, "GET", "/api/v1/exports/misp/manifest.json", tokens[tc.who], nil)
		var man map[string]misp.ManifestEntry
		if code != 200 || json.Unmarshal(out, &man) != nil {
			t.Fatalf("manifest as %q: %d %s", tc.who, code, out)
		}
		if len(man) != len(tc.visible) {
			t.Errorf("manifest as %q lists %d events, want %d: %s", tc.who, len(man), len(tc.visible), out)
		}
		for _, u := range tc.visible {
			e, ok := man[u]
			if !ok || !strings.HasPrefix(e.Tag[0].Name, "tlp:") || e.Timestamp == "" {
				t.Errorf("manifest as %q: entry %s %+v", tc.who, u, e)
				continue
			}
			code, doc := call(t, srv, "GET", "/api/v1/exports/misp/"+u+".json", tokens[tc.who], nil)
			if code != 200 {
				t.Fatalf("event %s as %q: %d %s", u, tc.who, code, doc)
			}
			if err := validate(doc); err != nil {
				t.Errorf("event %s: %v\n%s", u, err, doc)
			}
			var d misp.Document
			if json.Unmarshal(doc, &d) != nil || d.Event.UUID != u || d.Event.Timestamp != e.Timestamp {
				t.Errorf("event %s as %q: %s", u, tc.who, doc)
			}
		}
		for _, u := range tc.hidden {
			if _, ok := man[u]; ok {
				t.Errorf("manifest as %q lists hidden event %s", tc.who, u)
			}
			if code, out := call(t, srv, "GET", "/api/v1/exports/misp/"+u+".json", tokens[tc.who], nil); code != 404 || strings.Contains(string(out), "red-1") || strings.Contains(string(out), "amber-1") {
				t.Errorf("hidden event %s as %q: %d %s", u, tc.who, code, out)
			}
		}
	}
	for _, bad := range []string{"nope.json", "6b0f2a52-6c3e-4f4e-9a57-3c1d2b7e8f01.json", clear + ".xml"} {
		if code, out := call(t, srv, "GET", "/api/v1/exports/misp/"+bad, tokens["un"], nil); code != 404 || !strings.Contains(string(out), "problem") && !strings.Contains(string(out), "status") {
			t.Errorf("GET %s: %d %s", bad, code, out)
		}
	}
}
