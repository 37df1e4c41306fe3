package taxii_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
)

// node is a real truce node (package app over SQLite in a temp dir) served
// on 127.0.0.1 with parties un, us, ru and a token per user
// ("<party>-<role>").
type node struct {
	t      *testing.T
	app    *app.App
	srv    *httptest.Server
	tokens map[string]string
}

// shared is the one node the tests of this package share; each test adds
// the records it needs and reads only those.
var shared struct {
	once sync.Once
	n    *node
	dir  string
}

// TestMain closes the shared node after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if n := shared.n; n != nil {
		n.srv.Close()
		n.app.Close()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// newNode returns the shared node bound to t; the first call builds it.
func newNode(t *testing.T) *node {
	t.Helper()
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "truce-taxii-test-")
		if err != nil {
			t.Fatal(err)
		}
		shared.dir = dir
		shared.n = startNode(t, dir)
	})
	if shared.n == nil {
		t.Fatal("the shared node could not be built (see the first test's failure)")
	}
	n := *shared.n
	n.t = t
	return &n
}

func startNode(t *testing.T, dir string) *node {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "test.truce.invalid/taxii", Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := &node{t: t, app: a, tokens: map[string]string{}}
	for _, p := range []accounts.NewParty{{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, party := range []string{"un", "us", "ru"} {
		for _, role := range []access.Role{access.RoleReporter, access.RoleObserver, access.RoleAnalyst} {
			name := party + "-" + string(role)
			u, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: party, Role: role, Password: "password-" + name}, true)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
			if err != nil {
				t.Fatal(err)
			}
			n.tokens[name] = tok.Secret
		}
	}
	n.srv = httptest.NewServer(a.Handler())
	return n
}

// do sends a request as user ("" for the public) with the headers given
// as name, value pairs and returns the status, body and headers.
func (n *node) do(method, path, user string, body []byte, headers ...string) (int, []byte, http.Header) {
	n.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, _ := http.NewRequest(method, n.srv.URL+path, rd)
	req.Header.Set("Accept", "application/taxii+json;version=2.1")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

// get sends a GET that must answer 200 with the TAXII media type and
// decodes its body into v.
func (n *node) get(path, user string, v any) http.Header {
	n.t.Helper()
	code, out, h := n.do("GET", path, user, nil)
	if code != 200 {
		n.t.Fatalf("GET %s as %q: %d: %s", path, user, code, out)
	}
	if ct := h.Get("Content-Type"); ct != "application/taxii+json;version=2.1" {
		n.t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal(out, v); err != nil {
		n.t.Fatalf("GET %s: %v: %s", path, err, out)
	}
	return h
}

// report creates an incident as user and returns its id.
func (n *node) report(user, ext, tlp string, audience ...string) string {
	n.t.Helper()
	rel := map[string]any{"tlp": tlp}
	if len(audience) > 0 {
		rel["audience"] = audience
	}
	b, _ := json.Marshal(map[string]any{"external_id": ext, "category": "shelling_missile",
		"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "1km",
		"perpetrator": map[string]any{"kind": "unknown"}, "place_name": "Market " + ext,
		"narrative": "Shelling reported near the market " + ext, "releasability": rel,
		"sources": []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}})
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/incidents", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	var in struct{ ID string }
	if resp.StatusCode != 201 || json.Unmarshal(out, &in) != nil {
		n.t.Fatalf("report %s: %d %s", ext, resp.StatusCode, out)
	}
	return in.ID
}

func (n *node) collectionPath() string {
	var cs struct {
		Collections []struct{ ID string }
	}
	n.get("/taxii2/truce/collections/", "", &cs)
	if len(cs.Collections) != 1 {
		n.t.Fatalf("collections: %+v", cs)
	}
	return fmt.Sprintf("/taxii2/truce/collections/%s/", cs.Collections[0].ID)
}
