package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// positionsOf returns the status and the items of a page of positions
// read by user at path.
func (n *testNode) positionsOf(user, path string) (int, []map[string]any) {
	n.t.Helper()
	code, b, _ := n.do("GET", path, user, nil)
	var page struct{ Items []map[string]any }
	if code == 200 {
		if err := json.Unmarshal(b, &page); err != nil {
			n.t.Fatalf("%s as %s: %v %s", path, user, err, b)
		}
	}
	return code, page.Items
}

// TestMovementPositions checks live positions end to end: only the
// notifier's users post them, only within the movement's window (422
// outside it) and never once it is withdrawn (409), bad batches change
// nothing; and every read path — the movement's positions, the latest
// positions, the party feed in both forms, the stream and the log — shows
// them to the notifier and the notified party only, never to a co-chair
// that was not notified (us) nor to an outsider (xx), nor to the public.
func TestMovementPositions(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	t0 := time.Now().UTC().Truncate(time.Second)
	start := t0.Add(time.Hour)
	code, b, _ := n.do("POST", "/api/v1/movements", "un-liaison", map[string]any{"route": map[string]any{"type": "LineString",
		"coordinates": [][]float64{{37, 36}, {37.1, 36.1}}}, "window": map[string]string{"start": start.Format(time.RFC3339),
		"end": start.Add(8 * time.Hour).Format(time.RFC3339)}, "vehicles": 4, "cargo": "food", "parties": []string{"ru"}})
	if code != 201 {
		t.Fatalf("notify: %d %s", code, b)
	}
	var mov struct{ ID string }
	json.Unmarshal(b, &mov)
	path := "/api/v1/movements/" + mov.ID + "/positions"
	at := func(d time.Duration, lat, lon float64) map[string]any {
		return map[string]any{"time": start.Add(d).Format(time.RFC3339), "lat": lat, "lon": lon}
	}
	post := func(user string, want int, ps ...map[string]any) []byte {
		t.Helper()
		code, b, _ := n.do("POST", path, user, map[string]any{"positions": ps})
		if code != want {
			t.Fatalf("post %v as %s: %d, want %d: %s", ps, user, code, want, b)
		}
		return b
	}
	before := n.app.Hashes.Size()

	// Before the window (the real clock): refused, and nothing written.
	post("un-liaison", 422, map[string]any{"time": t0.Format(time.RFC3339), "lat": 36.0, "lon": 37.0})
	for _, tc := range []struct {
		user string
		want int
		ps   []map[string]any
	}{
		{"un-liaison", 422, nil},
		{"un-liaison", 422, []map[string]any{at(time.Minute, 91, 37)}},
		{"un-liaison", 422, []map[string]any{{"time": "soon", "lat": 36.0, "lon": 37.0}}},
		{"un-observer", 403, []map[string]any{at(time.Minute, 36, 37)}},
		{"ru-liaison", 403, []map[string]any{at(time.Minute, 36, 37)}},
		{"xx-liaison", 403, []map[string]any{at(time.Minute, 36, 37)}},
		{"", 401, []map[string]any{at(time.Minute, 36, 37)}},
	} {
		post(tc.user, tc.want, tc.ps...)
	}
	if got := n.app.Hashes.Size(); got != before {
		t.Fatalf("refused batches wrote %d entries", got-before)
	}

	// Two hours on, the movement is under way.
	n.opts.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	n.restart()
	post("un-liaison", 422, at(-time.Minute, 36, 37)) // before the window starts
	post("un-liaison", 422, at(3*time.Hour, 36, 37))  // after the node's clock
	post("un-liaison", 201, at(5*time.Minute, 36.02, 37.02))
	var res struct{ Seq int64 }
	json.Unmarshal(post("un-liaison", 201, at(10*time.Minute, 36.05, 37.05), at(7*time.Minute, 36.03, 37.03)), &res)

	for _, tc := range []struct {
		user       string
		code, all  int
		latest     bool
		feedHasPos bool
	}{
		{"un-liaison", 200, 3, true, false}, // the notifier's feed does not list its own movement
		{"ru-observer", 200, 3, true, true},
		{"us-liaison", 200, 0, false, false}, // sees the movement, not where it is
		{"xx-liaison", 404, 0, false, false},
		{"", 401, 0, false, false},
	} {
		code, items := n.positionsOf(tc.user, path)
		if code != tc.code || len(items) != tc.all {
			t.Errorf("%s: movement positions %d %d, want %d %d", tc.user, code, len(items), tc.code, tc.all)
		}
		if code, items = n.positionsOf(tc.user, "/api/v1/positions"); tc.user != "" && (code != 200 || (len(items) == 1) != tc.latest) {
			t.Errorf("%s: latest positions %d %v", tc.user, code, items)
		} else if tc.latest && items[0]["lat"] != 36.05 {
			t.Errorf("%s: latest is %v, want the one taken last", tc.user, items[0])
		}
		if tc.user == "" {
			continue
		}
		geo := n.pullFeed(tc.user, "")
		if got := strings.Contains(string(geo.body), `"position":{`); got != tc.feedHasPos || (got && geo.doc.Version < res.Seq) {
			t.Errorf("%s: GeoJSON feed (version %d) position %v, want %v: %s", tc.user, geo.doc.Version, got, tc.feedHasPos, geo.body)
		}
		capf := n.pullCAPFeed(tc.user, "", "")
		if got := strings.Contains(string(capf.body), "36.050000,37.050000"); got != tc.feedHasPos {
			t.Errorf("%s: CAP feed position %v, want %v", tc.user, got, tc.feedHasPos)
		}
		code, _, _ = n.do("GET", fmt.Sprintf("/api/v1/log/entries/%d", res.Seq), tc.user, nil)
		if (code == 200) != (tc.all > 0) {
			t.Errorf("%s: log entry of the positions: %d", tc.user, code)
		}
		_, hist, _ := n.do("GET", "/api/v1/log/entries?subject=movement:"+mov.ID, tc.user, nil)
		if got := strings.Count(string(hist), `"movement.positions"`); got != map[bool]int{true: 2, false: 0}[tc.all > 0] {
			t.Errorf("%s: the movement's history holds %d batches of positions: %s", tc.user, got, hist)
		}
	}

	// The stream: ru gets the positions; us, which sees the movement and a
	// site notified next, does not.
	if code, b, _ := n.do("POST", "/api/v1/sites", "un-liaison", map[string]any{"kind": "school", "names": map[string]string{"en": "After"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.3, 36.2}}, "buffer_m": 100, "parties": []string{"ru", "us"}}); code != 201 {
		t.Fatalf("site: %d %s", code, b)
	}
	if kinds := n.streamEvents("ru-liaison", before, "site.notified"); !slices.Contains(kinds, "movement.positions") {
		t.Errorf("ru's stream lacks the positions: %v", kinds)
	}
	if kinds := n.streamEvents("us-liaison", before, "site.notified"); slices.Contains(kinds, "movement.positions") {
		t.Errorf("us's stream holds positions of a movement not notified to it: %v", kinds)
	}

	// After the window: late positions within it are kept, none after it,
	// and the movement leaves the latest positions.
	n.opts.Now = func() time.Time { return time.Now().Add(10 * time.Hour) }
	n.restart()
	post("un-liaison", 422, at(8*time.Hour+time.Minute, 36, 37))
	post("un-liaison", 201, at(7*time.Hour, 36.09, 37.09))
	if _, items := n.positionsOf("ru-liaison", "/api/v1/positions"); len(items) != 0 {
		t.Errorf("a movement whose window ended is still among the latest positions: %v", items)
	}
	p := "/api/v1/movements/" + mov.ID
	if code, b, _ := n.do2("POST", p+"/cancel", "un-liaison", withIfMatch(map[string]string{"reason": "done"}, n.etagOf(p, "un-liaison"))); code != 200 {
		t.Fatalf("cancel: %d %s", code, b)
	}
	post("un-liaison", 409, at(7*time.Hour, 36.09, 37.09))
	var page struct {
		Items []map[string]any
		Next  string
	}
	_, b, _ = n.do("GET", path+"?limit=3", "ru-liaison", nil)
	json.Unmarshal(b, &page)
	if len(page.Items) != 3 || page.Next == "" || page.Items[0]["lat"] != 36.09 {
		t.Fatalf("first page: %s", b)
	}
	if _, items := n.positionsOf("ru-liaison", path+"?limit=3&cursor="+page.Next); len(items) != 1 || items[0]["lat"] != 36.02 {
		t.Errorf("second page: %v", items)
	}
	if code, b, _ := n.do("GET", path+"?cursor=garbage", "ru-liaison", nil); code != 400 {
		t.Errorf("a bad cursor: %d %s", code, b)
	}
}
