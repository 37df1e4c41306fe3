package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
)

// addOutsider adds party xx (not notified of anything) with a liaison.
func (n *testNode) addOutsider() {
	n.t.Helper()
	ctx := context.Background()
	if _, err := n.app.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: "xx", Name: "Outsider", Kind: "military"}, true); err != nil {
		n.t.Fatal(err)
	}
	u, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "xx-liaison", Party: "xx", Role: access.RoleLiaison, Password: "password-xx-liaison"}, true)
	if err != nil {
		n.t.Fatal(err)
	}
	tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
	if err != nil {
		n.t.Fatal(err)
	}
	n.tokens["xx-liaison"] = tok.Secret
}

// streamEvents reads event ids and kinds from the stream as user until it
// has seen an event of kind until.
func (n *testNode) streamEvents(user string, last int64, until string) []string {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Last-Event-ID", fmt.Sprint(last))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var kinds []string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if k, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			kinds = append(kinds, k)
			if k == until {
				return kinds
			}
		}
	}
	n.t.Fatalf("stream for %s ended before %s: %v (saw %v)", user, until, sc.Err(), kinds)
	return nil
}

func TestNotificationsEndToEndHonourReleasability(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	start := n.app.Hashes.Size() - 1

	// A webhook for the outsider and one for us, on loopback.
	var mu sync.Mutex
	got := map[string][]string{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e struct{ Kind string }
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &e)
		mu.Lock()
		got[r.URL.Path] = append(got[r.URL.Path], e.Kind)
		mu.Unlock()
	}))
	defer recv.Close()
	for _, u := range []string{"xx-liaison", "us-liaison"} {
		if code, body, _ := n.do("POST", "/api/v1/webhooks", u, map[string]any{"url": recv.URL + "/" + u}); code != 201 {
			t.Fatalf("webhook for %s: %d %s", u, code, body)
		}
	}

	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "M10 hospital", "ar": "مستشفى M10"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 300, "parties": []string{"ru", "us"}}
	bad := []struct {
		name, method, path, user string
		body                     any
		status                   int
	}{
		{"military may not notify", "POST", "/api/v1/sites", "us-liaison", site, 403},
		{"anonymous", "POST", "/api/v1/sites", "", site, 401},
		{"unknown field", "POST", "/api/v1/sites", "un-liaison", map[string]any{"kind": "hospital", "colour": "red"}, 400},
		{"bad location", "POST", "/api/v1/sites", "un-liaison", map[string]any{"kind": "hospital", "names": map[string]string{"en": "x"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{999, 0}}, "buffer_m": 300, "parties": []string{"ru"}}, 422},
		{"movement in the past", "POST", "/api/v1/movements", "un-liaison", map[string]any{"route": map[string]any{"type": "LineString",
			"coordinates": [][]float64{{37, 36}, {37.1, 36.1}}}, "window": map[string]string{"start": "2016-09-19T08:00:00Z", "end": "2016-09-19T18:00:00Z"},
			"vehicles": 31, "cargo": "food", "parties": []string{"ru"}}, 422},
		{"acknowledge unknown site", "POST", "/api/v1/sites/site_nothing/acknowledge", "ru-liaison", map[string]any{"version": 1}, 404},
		{"bad alert severity filter", "GET", "/api/v1/alerts?severity=doom", "us-liaison", nil, 400},
		{"message to nobody", "POST", "/api/v1/messages", "us-liaison", map[string]any{"to": "zz", "subject": "x"}, 422},
		{"bad Last-Event-ID", "GET", "/api/v1/stream?last_event_id=x", "us-liaison", nil, 400},
		{"webhook to a remote http URL", "POST", "/api/v1/webhooks", "us-liaison", map[string]any{"url": "http://example.org/hook"}, 422},
	}
	before := n.app.Hashes.Size()
	for _, tc := range bad {
		code, body, h := n.do(tc.method, tc.path, tc.user, tc.body)
		if code != tc.status || h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s, want a %d problem", tc.name, code, body, tc.status)
		}
	}
	if n.app.Hashes.Size() != before {
		t.Fatal("bad requests changed the log")
	}

	code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site)
	if code != 201 {
		t.Fatalf("notify: %d %s", code, body)
	}
	var s struct {
		ID      string
		Version int
		Release access.Releasability `json:"releasability"`
	}
	json.Unmarshal(body, &s)
	if code, body, _ := n.do("POST", "/api/v1/sites/"+s.ID+"/acknowledge", "ru-liaison", map[string]any{"version": 1}); code != 200 {
		t.Fatalf("acknowledge: %d %s", code, body)
	}
	// An alert about the site, through the hook later rules use.
	a, _, err := n.app.Alerts.Raise(context.Background(), alerts.Spec{Key: "test:" + s.ID, Kind: alerts.KindOther, Severity: alerts.SeverityModerate,
		Title: "Test alert about " + s.ID, Concerned: []string{"un", "us", "xx"}, Causes: []access.Releasability{s.Release},
		Links: []alerts.Link{{Type: "site", ID: s.ID}}, Area: &alerts.Area{Description: "M10", Lon: 37.16, Lat: 36.2, RadiusM: 300}})
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ = n.do("POST", "/api/v1/messages", "us-liaison", map[string]any{"to": "ru", "subject": "Hotline check", "priority": "flash"})
	if code != 201 {
		t.Fatalf("message: %d %s", code, body)
	}
	var m struct{ ID string }
	json.Unmarshal(body, &m)

	// The outsider sees none of it, on any read path.
	hidden := []string{"/api/v1/sites/" + s.ID, "/api/v1/alerts/" + a.ID, "/api/v1/alerts/" + a.ID + ".cap", "/api/v1/messages/" + m.ID}
	for _, p := range hidden {
		if code, body, _ := n.do("GET", p, "xx-liaison", nil); code != 404 {
			t.Errorf("xx GET %s: %d %s", p, code, body)
		}
		if code, _, _ := n.do("GET", p, "", nil); code != 404 && code != 401 {
			t.Errorf("public GET %s: %d", p, code)
		}
	}
	for _, p := range []string{"/api/v1/sites", "/api/v1/alerts", "/api/v1/messages"} {
		code, body, _ := n.do("GET", p, "xx-liaison", nil)
		if code != 200 || !strings.Contains(string(body), `"items":[]`) {
			t.Errorf("xx lists %s: %d %s", p, code, body)
		}
	}
	if _, body, _ := n.do("GET", "/api/v1/alerts/counts", "xx-liaison", nil); !strings.Contains(string(body), `"total":0`) {
		t.Errorf("xx counts: %s", body)
	}
	if _, body, _ := n.do("GET", "/api/v1/alerts/counts", "us-liaison", nil); !strings.Contains(string(body), `"total":1`) {
		t.Errorf("us counts: %s", body)
	}

	// us gets the CAP document, valid per the schema.
	code, capDoc, h := n.do("GET", "/api/v1/alerts/"+a.ID+".cap", "us-liaison", nil)
	if code != 200 || h.Get("Content-Type") != "application/cap+xml" {
		t.Fatalf("CAP: %d %s", code, capDoc)
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is missing: apt-get install libxml2-utils")
	}
	file := filepath.Join(t.TempDir(), "alert.xml")
	os.WriteFile(file, capDoc, 0o600)
	if out, err := exec.Command("xmllint", "--noout", "--schema", "../../testdata/cap/CAP-v1.2.xsd", file).CombinedOutput(); err != nil {
		t.Fatalf("CAP invalid: %s", out)
	}

	// The stream: us sees the site, its acknowledgement, the alert and the
	// message it sent; xx sees none of them.
	marker := func() {
		n.app.Accounts.CreateParty(context.Background(), access.Public, accounts.NewParty{ID: "zz", Name: "Marker", Kind: "other"}, true)
	}
	marker()
	us := n.streamEvents("us-liaison", start, "party.created")
	xx := n.streamEvents("xx-liaison", start, "party.created")
	for _, k := range []string{"site.notified", "site.acknowledged", "alert.raised", "message.sent"} {
		if !contains(us, k) {
			t.Errorf("us stream lacks %s: %v", k, us)
		}
		if contains(xx, k) {
			t.Errorf("xx stream has %s: %v", k, xx)
		}
	}
	// Webhooks: the same rule.
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		done := contains(got["/us-liaison"], "party.created") && contains(got["/xx-liaison"], "party.created")
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, k := range []string{"site.notified", "site.acknowledged", "alert.raised", "message.sent"} {
		if !contains(got["/us-liaison"], k) {
			t.Errorf("us webhook lacks %s: %v", k, got["/us-liaison"])
		}
		if contains(got["/xx-liaison"], k) {
			t.Errorf("xx webhook received %s: %v", k, got["/xx-liaison"])
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
