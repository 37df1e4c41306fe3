package app

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/cap"
	"truce/internal/cap/captest"
)

// capFeed is one pull of a party's feed in its CAP form: the status, the
// body and headers, the Atom feed's party and version, and each alert's
// message type and truce id.
type capFeed struct {
	code  int
	body  []byte
	hdr   http.Header
	party string
	ver   int64
	kinds map[string]string // notice id -> msgType
}

// pullCAPFeed pulls user's party's feed, asking for the CAP form by query
// (accept "") or by Accept header, and validates every alert in it
// against the CAP 1.2 schema.
func (n *testNode) pullCAPFeed(user, accept, etag string) capFeed {
	n.t.Helper()
	url := n.srv.URL + "/api/v1/notify/feed"
	if accept == "" {
		url += "?format=cap"
	}
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	f := capFeed{code: resp.StatusCode, hdr: resp.Header, kinds: map[string]string{}}
	f.body, _ = io.ReadAll(resp.Body)
	if f.code != 200 {
		return f
	}
	var head struct {
		Party   string `xml:"urn:truce:notify-feed:1 party"`
		Version int64  `xml:"urn:truce:notify-feed:1 version"`
	}
	if err := xml.Unmarshal(f.body, &head); err != nil {
		n.t.Fatalf("CAP feed of %s: %v\n%s", user, err, f.body)
	}
	f.party, f.ver = head.Party, head.Version
	alerts, err := captest.SplitFeed(f.body)
	if err != nil {
		n.t.Fatal(err)
	}
	for _, a := range alerts {
		captest.Validate(n.t, a)
		var d struct {
			MsgType string `xml:"msgType"`
			Params  []struct {
				Name  string `xml:"valueName"`
				Value string `xml:"value"`
			} `xml:"info>parameter"`
		}
		if err := xml.Unmarshal(a, &d); err != nil {
			n.t.Fatal(err)
		}
		for _, p := range d.Params {
			if p.Name == "truce:id" {
				f.kinds[p.Value] = d.MsgType
			}
		}
	}
	return f
}

// TestNotifyFeedCAP checks the CAP form of the party feed end to end:
// asked for by query or Accept, every alert valid CAP 1.2; Alert, Update
// and Cancel following the notices' versions and withdrawal; signed like
// the GeoJSON form, with its own ETag; only what notified the caller's
// party (never another party's notice, an outsider an empty feed); the
// pull recorded; an unknown format a 400.
func TestNotifyFeedCAP(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	notifyAs := func(path string, body map[string]any) string {
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
	first := notifyAs("/api/v1/sites", site("First hospital", 37.16, "ru", "us"))
	updated := notifyAs("/api/v1/sites", site("Updated hospital", 37.26, "ru"))
	gone := notifyAs("/api/v1/sites", site("Gone hospital", 37.46, "ru"))
	start := time.Now().Add(time.Hour).UTC()
	mov := notifyAs("/api/v1/movements", map[string]any{"route": map[string]any{"type": "LineString",
		"coordinates": [][]float64{{37, 36}, {37.1, 36.1}}}, "window": map[string]string{"start": start.Format(time.RFC3339),
		"end": start.Add(8 * time.Hour).Format(time.RFC3339)}, "vehicles": 4, "cargo": "food", "parties": []string{"ru"}})
	p := "/api/v1/sites/" + updated
	if code, b, _ := n.do2("PUT", p, "un-liaison", withIfMatch(site("Updated hospital", 37.27, "ru"), n.etagOf(p, "un-liaison"))); code != 200 {
		t.Fatalf("update: %d %s", code, b)
	}
	p = "/api/v1/sites/" + gone
	if code, b, _ := n.do2("POST", p+"/cancel", "un-liaison", withIfMatch(map[string]string{"reason": "closed"}, n.etagOf(p, "un-liaison"))); code != 200 {
		t.Fatalf("cancel: %d %s", code, b)
	}

	for _, tc := range []struct {
		user, accept, party string
		want                map[string]string
	}{
		{"ru-liaison", "", "ru", map[string]string{first: "Alert", updated: "Update", mov: "Alert", gone: "Cancel"}},
		{"ru-observer", "application/cap+xml", "ru", map[string]string{first: "Alert", updated: "Update", mov: "Alert", gone: "Cancel"}},
		{"us-liaison", "text/html, application/atom+xml;q=0.9", "us", map[string]string{first: "Alert"}},
		{"xx-liaison", "", "xx", map[string]string{}},
	} {
		f := n.pullCAPFeed(tc.user, tc.accept, "")
		if f.code != 200 || f.party != tc.party || f.hdr.Get("Content-Type") != cap.FeedContentType {
			t.Fatalf("%s: %d party %q %v\n%s", tc.user, f.code, f.party, f.hdr, f.body)
		}
		if fmt.Sprint(f.kinds) != fmt.Sprint(tc.want) {
			t.Errorf("%s: alerts %v, want %v", tc.user, f.kinds, tc.want)
		}
		if tc.party != "ru" && (strings.Contains(string(f.body), "37.46") || strings.Contains(string(f.body), updated)) {
			t.Errorf("%s's CAP feed holds a notice not notified to it:\n%s", tc.user, f.body)
		}
		pf := feedPull{hdr: f.hdr}
		pf.doc.Party, pf.doc.Version = f.party, f.ver
		if err := n.verifyFeed(pf, f.body); err != nil {
			t.Errorf("%s: %v", tc.user, err)
		}
		if err := n.verifyFeed(pf, append(f.body, ' ')); err == nil {
			t.Errorf("%s: a changed body verified", tc.user)
		}
	}

	// The same version as the GeoJSON form, its own ETag, and 304.
	geo := n.pullFeed("ru-liaison", "")
	f := n.pullCAPFeed("ru-liaison", "", "")
	if f.ver != geo.doc.Version || f.hdr.Get("ETag") == geo.hdr.Get("ETag") {
		t.Errorf("CAP version %d ETag %s, GeoJSON %d %s", f.ver, f.hdr.Get("ETag"), geo.doc.Version, geo.hdr.Get("ETag"))
	}
	if again := n.pullCAPFeed("ru-liaison", "", f.hdr.Get("ETag")); again.code != 304 || len(again.body) != 0 {
		t.Errorf("If-None-Match: %d %s", again.code, again.body)
	}
	pulls, err := n.app.DB.Notify().FeedPulls(context.Background())
	if err != nil || pulls["ru"].Version != f.ver || pulls["xx"].At.IsZero() {
		t.Errorf("pulls not recorded: %v %v", pulls, err)
	}
	code, b, _ := n.do("GET", "/api/v1/notify/feed?format=kml", "ru-liaison", nil)
	if code != 400 || !strings.Contains(string(b), `"format"`) {
		t.Errorf("format=kml: %d %s", code, b)
	}
}
