package app

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/api"
)

// feedPull is one pull of user's party's feed: the status, the body, the
// decoded collection and the headers.
type feedPull struct {
	code int
	body []byte
	hdr  http.Header
	doc  struct {
		Type     string
		Party    string
		Version  int64
		Features []struct {
			ID         string
			Geometry   json.RawMessage
			Properties struct{ Type, Notifier string }
		}
	}
}

// pullFeed pulls user's party's feed, sending etag, if set, as
// If-None-Match.
func (n *testNode) pullFeed(user, etag string) feedPull {
	n.t.Helper()
	req, _ := http.NewRequest("GET", n.srv.URL+"/api/v1/notify/feed", nil)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	p := feedPull{code: resp.StatusCode, hdr: resp.Header}
	p.body, _ = io.ReadAll(resp.Body)
	if p.code == 200 {
		if err := json.Unmarshal(p.body, &p.doc); err != nil {
			n.t.Fatalf("feed of %s: %v: %s", user, err, p.body)
		}
	}
	return p
}

func (p feedPull) ids() []string {
	var out []string
	for _, f := range p.doc.Features {
		out = append(out, f.ID)
	}
	return out
}

// verifyFeed checks a pulled feed as a party's system would: the signed
// note in the signature header verifies under the node's key (GET
// /log/key) and names the party, version and body SHA-256 it was served.
func (n *testNode) verifyFeed(p feedPull, body []byte) error {
	_, vkey, _ := n.do("GET", "/log/key", "", nil)
	v, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return fmt.Errorf("log key: %w", err)
	}
	signed, err := base64.StdEncoding.DecodeString(p.hdr.Get(api.FeedSignatureHeader))
	if err != nil {
		return fmt.Errorf("signature header: %w", err)
	}
	nt, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	if want := api.FeedNoteText(p.doc.Party, p.doc.Version, body); nt.Text != want {
		return fmt.Errorf("signed %q, served %q", nt.Text, want)
	}
	return nil
}

// TestNotifyFeed checks GET /api/v1/notify/feed end to end: each party
// gets only what notified it (never another party's feed, and an outsider
// an empty one), the feed is a signed GeoJSON FeatureCollection that
// verifies under the node's log key and fails on a changed body, its
// ETag answers If-None-Match with 304, a cancellation raises its version
// and drops the notice, and the public is refused.
func TestNotifyFeed(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	notify := func(path string, body map[string]any) string {
		t.Helper()
		code, b, _ := n.do("POST", path, "un-liaison", body)
		if code != 201 {
			t.Fatalf("notify %s: %d %s", path, code, b)
		}
		var x struct{ ID string }
		json.Unmarshal(b, &x)
		return x.ID
	}
	site := func(name string, lon float64, parties ...string) map[string]any {
		return map[string]any{"kind": "hospital", "names": map[string]string{"en": name},
			"location": map[string]any{"type": "Point", "coordinates": []float64{lon, 36.2}}, "buffer_m": 300, "parties": parties}
	}
	both := notify("/api/v1/sites", site("Both hospital", 37.16, "ru", "us"))
	ruOnly := notify("/api/v1/sites", site("Ru only hospital", 37.46, "ru"))
	start := time.Now().Add(time.Hour).UTC()
	mov := notify("/api/v1/movements", map[string]any{"route": map[string]any{"type": "LineString",
		"coordinates": [][]float64{{37, 36}, {37.1, 36.1}}}, "window": map[string]string{"start": start.Format(time.RFC3339),
		"end": start.Add(8 * time.Hour).Format(time.RFC3339)}, "vehicles": 4, "cargo": "food", "parties": []string{"ru"}})

	for _, tc := range []struct {
		user, party string
		want        []string
	}{
		{"ru-liaison", "ru", []string{both, ruOnly, mov}},
		{"ru-observer", "ru", []string{both, ruOnly, mov}},
		{"us-liaison", "us", []string{both}},
		{"xx-liaison", "xx", nil},
	} {
		p := n.pullFeed(tc.user, "")
		if p.code != 200 || p.doc.Type != "FeatureCollection" || p.doc.Party != tc.party ||
			p.hdr.Get("Content-Type") != "application/geo+json" {
			t.Fatalf("%s: %d %s %v", tc.user, p.code, p.body, p.hdr)
		}
		if fmt.Sprint(p.ids()) != fmt.Sprint(tc.want) {
			t.Errorf("%s: features %v, want %v", tc.user, p.ids(), tc.want)
		}
		if tc.party == "us" && strings.Contains(string(p.body), "37.46") {
			t.Errorf("us feed holds the coordinates of a site not notified to us: %s", p.body)
		}
		if err := n.verifyFeed(p, p.body); err != nil {
			t.Errorf("%s: %v", tc.user, err)
		}
		if err := n.verifyFeed(p, append([]byte(" "), p.body...)); err == nil {
			t.Errorf("%s: a changed body verified", tc.user)
		}
	}

	// Another party's feed is never served: a query naming it changes
	// nothing, and the public is refused.
	p := n.pullFeed("us-liaison", "")
	if code, b, _ := n.do("GET", "/api/v1/notify/feed?party=ru", "us-liaison", nil); code != 200 ||
		!strings.Contains(string(b), `"party":"us"`) || strings.Contains(string(b), ruOnly) {
		t.Errorf("us naming ru's feed: %d %s", code, b)
	}
	if q := n.pullFeed("", ""); q.code != 401 {
		t.Errorf("public: %d, want 401", q.code)
	}

	ru := n.pullFeed("ru-liaison", "")
	if again := n.pullFeed("ru-liaison", ru.hdr.Get("ETag")); again.code != 304 || len(again.body) != 0 ||
		again.hdr.Get("ETag") != ru.hdr.Get("ETag") {
		t.Fatalf("If-None-Match: %d %q %s", again.code, again.hdr.Get("ETag"), again.body)
	}
	sitePath := "/api/v1/sites/" + ruOnly
	if code, b, _ := n.do2("POST", sitePath+"/cancel", "un-liaison", withIfMatch(map[string]string{"reason": "closed"}, n.etagOf(sitePath, "un-liaison"))); code != 200 {
		t.Fatalf("cancel: %d %s", code, b)
	}
	after := n.pullFeed("ru-liaison", ru.hdr.Get("ETag"))
	if after.code != 200 || after.doc.Version <= ru.doc.Version || fmt.Sprint(after.ids()) != fmt.Sprint([]string{both, mov}) {
		t.Fatalf("after cancelling: %d version %d (was %d) %v", after.code, after.doc.Version, ru.doc.Version, after.ids())
	}
	if us := n.pullFeed("us-liaison", p.hdr.Get("ETag")); us.code != 304 {
		t.Errorf("us feed changed by a cancellation that did not concern it: %d %s", us.code, us.body)
	}
}
