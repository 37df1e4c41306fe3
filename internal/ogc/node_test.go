package ogc_test

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
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/app"
	"truce/internal/config"
)

// movementDay is the day of the test movement's window, 08:00–18:00 UTC: a
// month ahead, as a movement window must lie in the future (and within a
// year); movementEve is the day before.
var (
	movementDay = time.Now().UTC().AddDate(0, 0, 30).Format(time.DateOnly)
	movementEve = time.Now().UTC().AddDate(0, 0, 29).Format(time.DateOnly)
)

// node is a real truce node (package app over SQLite in a temp dir) served
// on 127.0.0.1, with parties un, us and ru (co-chairs) and xx (an
// outsider), a token per user, and records of every collection under
// several releasabilities.
type node struct {
	t      *testing.T
	app    *app.App
	srv    *httptest.Server
	tokens map[string]string
	// ids by name of the records created.
	ids map[string]string
}

// shared is the one node the tests of this package share (read-only after
// its seed): a node costs seconds to build on a loaded machine.
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

// newNode returns the shared node, bound to t; the first call builds it.
func newNode(t *testing.T) *node {
	t.Helper()
	shared.once.Do(func() { shared.n = buildNode(t) })
	if shared.n == nil {
		t.Fatal("the shared node could not be built (see the first test's failure)")
	}
	n := *shared.n
	n.t = t
	return &n
}

func buildNode(t *testing.T) *node {
	t.Helper()
	dir, err := os.MkdirTemp("", "truce-ogc-test-")
	if err != nil {
		t.Fatal(err)
	}
	shared.dir = dir
	n := startNode(t, dir, "test.truce.invalid/ogc")
	n.seed()
	return n
}

// emptyNode returns a node of its own with the parties, users and tokens of
// the shared one and no records, closed when t ends: the target of the
// round-trip tests, which write.
func emptyNode(t *testing.T) *node {
	t.Helper()
	n := startNode(t, t.TempDir(), "test.truce.invalid/ogc-empty")
	t.Cleanup(func() { n.srv.Close(); n.app.Close() })
	return n
}

// startNode initialises and opens a node in dir with the parties and users
// and serves it.
func startNode(t *testing.T, dir, origin string) *node {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: origin, Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := &node{t: t, app: a, tokens: map[string]string{}, ids: map[string]string{}}
	for _, p := range []accounts.NewParty{{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true}, {ID: "xx", Name: "Outsider", Kind: "other"}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, party := range []string{"un", "us", "ru", "xx"} {
		for _, role := range []access.Role{access.RoleLiaison, access.RoleReporter} {
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

// do sends a request as user ("" for the public) and returns the status,
// body and headers.
func (n *node) do(method, path, user string, body any) (int, []byte, http.Header) {
	n.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, n.srv.URL+path, rd)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

// must sends a request that must answer want and decodes its JSON body.
func (n *node) must(want int, method, path, user string, body any) map[string]any {
	n.t.Helper()
	code, out, _ := n.do(method, path, user, body)
	if code != want {
		n.t.Fatalf("%s %s as %q: %d, want %d: %s", method, path, user, code, want, out)
	}
	var m map[string]any
	_ = json.Unmarshal(out, &m)
	return m
}

func incident(ext string, lon, lat float64, tlp string, audience ...string) map[string]any {
	rel := map[string]any{"tlp": tlp}
	if len(audience) > 0 {
		rel["audience"] = audience
	}
	return map[string]any{"external_id": ext, "category": "shelling_missile",
		"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "location_precision": "1km",
		"perpetrator": map[string]any{"kind": "group", "group": "Armed group A"}, "place_name": "Market " + ext,
		"casualties": []map[string]any{{"outcome": "killed", "group": "civilian", "min": 2, "max": 4, "source": "hospital"}},
		"narrative":  "Shelling reported near the market " + ext, "releasability": rel,
		"sources": []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}}
}

const square = `{"type":"Polygon","coordinates":[[[36.9,35.9],[37.3,35.9],[37.3,36.3],[36.9,36.3],[36.9,35.9]]]}`

// seed creates: a zone in force and one proposed (GREEN), one proposed
// AMBER for the co-chairs; 25 public incidents along a line of longitude 36.0–38.4,
// one RED incident for us only, one AMBER for ru; a site and a movement
// notified by un to us only; an alert about the site; a flight plan of us.
func (n *node) seed() {
	z := n.must(201, "POST", "/api/v1/zones", "us-liaison", map[string]any{"kind": "ceasefire_area", "name": "Test area",
		"name_ru": "Тест", "geometry": json.RawMessage(square), "effective_from": "2016-07-01T00:00:00Z"})
	n.ids["zone"] = z["id"].(string)
	n.must(201, "POST", "/api/v1/zones/"+n.ids["zone"]+"/versions/1/agreements", "ru-liaison", nil)
	z = n.must(201, "POST", "/api/v1/zones", "ru-liaison", map[string]any{"kind": "humanitarian_corridor", "name": "Proposed corridor",
		"geometry": json.RawMessage(square), "effective_from": "2016-08-01T00:00:00Z"})
	n.ids["proposed"] = z["id"].(string)
	for i := range 25 {
		in := n.must(201, "POST", "/api/v1/incidents", "un-reporter", incident(fmt.Sprintf("pub-%02d", i), 36+float64(i)*0.1, 36.1, "CLEAR"))
		n.ids[fmt.Sprintf("pub-%02d", i)] = in["id"].(string)
	}
	n.ids["red-us"] = n.must(201, "POST", "/api/v1/incidents", "us-reporter", incident("red-us", 37.15, 36.15, "RED", "us"))["id"].(string)
	n.ids["amber-ru"] = n.must(201, "POST", "/api/v1/incidents", "ru-reporter", incident("amber-ru", 37.05, 36.05, "AMBER", "ru"))["id"].(string)
	n.ids["site"] = n.must(201, "POST", "/api/v1/sites", "un-liaison", map[string]any{"kind": "hospital",
		"names":    map[string]string{"en": "M10 hospital", "ar": "مستشفى M10"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 300, "parties": []string{"us"}})["id"].(string)
	n.ids["movement"] = n.must(201, "POST", "/api/v1/movements", "un-liaison", map[string]any{
		"route":  map[string]any{"type": "LineString", "coordinates": [][]float64{{37, 36}, {37.1, 36.1}, {37.2, 36.3}}},
		"window": map[string]string{"start": movementDay + "T08:00:00Z", "end": movementDay + "T18:00:00Z"}, "corridor_m": 500,
		"vehicles": 12, "cargo": "food", "origin": "Depot A", "destination": "Town B", "parties": []string{"us"}})["id"].(string)
	n.ids["amber-zone"] = n.must(201, "POST", "/api/v1/zones", "us-liaison", map[string]any{"kind": "restricted_airspace", "name": "US-only area",
		"geometry": json.RawMessage(square), "effective_from": "2016-09-01T00:00:00Z",
		"releasability": map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}}})["id"].(string)
	var site struct {
		Release access.Releasability `json:"releasability"`
	}
	_, body, _ := n.do("GET", "/api/v1/sites/"+n.ids["site"], "un-liaison", nil)
	if err := json.Unmarshal(body, &site); err != nil || site.Release.TLP == "" {
		n.t.Fatalf("site: %v %s", err, body)
	}
	al, _, err := n.app.Alerts.Raise(context.Background(), alerts.Spec{Key: "test:" + n.ids["site"], Kind: alerts.KindOther,
		Severity: alerts.SeverityModerate, Title: "Test alert about the M10 hospital", Concerned: []string{"un", "us"},
		Causes: []access.Releasability{site.Release}, Links: []alerts.Link{{Type: "site", ID: n.ids["site"]}},
		Area: &alerts.Area{Description: "M10", Lon: 37.16, Lat: 36.2, RadiusM: 300}})
	if err != nil {
		n.t.Fatal(err)
	}
	n.ids["alert"] = al.ID
	t0 := time.Now().UTC().Truncate(time.Second).Add(time.Hour)
	n.ids["flight"] = n.must(201, "POST", "/api/v1/flightplans", "us-liaison", map[string]any{"callsign": "TEST", "category": "fixed_wing",
		"waypoints": []map[string]any{{"lat": 36.0, "lon": 37.0, "alt_ft": 20000, "time": t0.Format(time.RFC3339)},
			{"lat": 36.5, "lon": 37.5, "alt_ft": 22000, "time": t0.Add(time.Hour).Format(time.RFC3339)}}})["id"].(string)
	n.ids["passage"] = n.must(201, "POST", "/api/v1/passages", "un-liaison", map[string]any{"kind": "safe_passage", "name": "Corridor M10",
		"geometry":    json.RawMessage(`{"type":"LineString","coordinates":[[37.1,36.1],[37.2,36.2]]}`),
		"window_from": "2026-01-01T00:00:00Z", "window_until": "2099-01-01T00:00:00Z", "traffic": []string{"civilians"},
		"parties":       []string{"us", "ru"},
		"contacts":      []map[string]any{{"party": "us", "name": "Liaison US", "channel": "VHF 41.5"}, {"party": "ru", "name": "Liaison RU", "channel": "+7 000 000"}},
		"releasability": map[string]any{"tlp": "AMBER", "audience": []string{"un", "us", "ru"}}})["id"].(string)
	n.must(201, "POST", "/api/v1/passages/"+n.ids["passage"]+"/versions/1/guarantees", "us-liaison", nil)
}
