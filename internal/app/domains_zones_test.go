package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

// subZoneMustBeReleasableToEveryCoChair checks that a zone some co-chair
// party could not see (and so never agree to) is refused, naming the field
// releasability, and changes nothing.
func subZoneMustBeReleasableToEveryCoChair(t *testing.T, n *testNode) {
	size := n.logSize()
	for _, aud := range [][]string{{"us"}, {"us", "un"}} {
		body := zoneBody("2016-07-01T00:00:00Z")
		body["releasability"] = map[string]any{"tlp": "AMBER", "audience": aud}
		out, _ := n.must(422, "POST", "/api/v1/zones", "us-liaison", "", body)
		errs, _ := out["errors"].([]any)
		if len(errs) != 1 || errs[0].(map[string]any)["field"] != "releasability" {
			t.Errorf("audience %v: problem %v; want one error on the field releasability", aud, out)
		}
	}
	body := zoneBody("2016-07-01T00:00:00Z")
	body["releasability"] = map[string]any{"tlp": "RED"} // the proposer's party only
	n.must(422, "POST", "/api/v1/zones", "ru-liaison", "", body)
	if n.logSize() != size {
		t.Fatal("a refused zone changed the log")
	}
	body["releasability"] = map[string]any{"tlp": "AMBER", "audience": []string{"ru"}} // us is added as proposer
	n.must(201, "POST", "/api/v1/zones", "us-liaison", "", body)
}

// subHiddenZonesDoNotLeak checks every zone read path with a party that
// may not see the zone (un, for a zone AMBER for the co-chairs): the list,
// the zone, its history, the zone filter of incident listings, counts and
// aggregates, and the zones field of an incident it may see.
func subHiddenZonesDoNotLeak(t *testing.T, n *testNode) {
	const sq = `{"type":"Polygon","coordinates":[[[41.0,37.0],[41.3,37.0],[41.3,37.3],[41.0,37.3],[41.0,37.0]]]}`
	zone := func(rel map[string]any) string {
		body := zoneBody("2016-07-01T00:00:00Z")
		body["geometry"] = json.RawMessage(sq)
		if rel != nil {
			body["releasability"] = rel
		}
		z, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", body)
		id := z["id"].(string)
		n.must(201, "POST", "/api/v1/zones/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
		return id
	}
	hidden := zone(map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}})
	hidden2 := zone(map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}})
	open := zone(nil) // GREEN
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("in-hidden", 41.1, 37.1, "GREEN"))
	id := inc["id"].(string)
	got, _ := n.must(200, "GET", "/api/v1/incidents/"+id, "ru-observer", "", nil)
	if want := fmt.Sprint(sorted(hidden, hidden2, open)); fmt.Sprint(got["zones"]) != want {
		t.Fatalf("ru sees the incident in zones %v, want %s", got["zones"], want)
	}
	for _, user := range []string{"un-observer", "un-liaison"} {
		got, _ := n.must(200, "GET", "/api/v1/incidents/"+id, user, "", nil)
		if zs := fmt.Sprint(got["zones"]); zs != "["+open+"]" {
			t.Errorf("%s sees the incident in zones %s, want only [%s]", user, zs, open)
		}
		list, _ := n.must(200, "GET", "/api/v1/zones", user, "", nil)
		for _, it := range list["items"].([]any) {
			if zid := it.(map[string]any)["id"]; zid == hidden || zid == hidden2 {
				t.Errorf("%s lists hidden zone %s", user, zid)
			}
		}
		for _, p := range []string{"/api/v1/zones/" + hidden, "/api/v1/zones/" + hidden + "/history",
			"/api/v1/incidents?zone=" + hidden, "/api/v1/incidents/counts?zone=" + hidden, "/api/v1/incidents/aggregates?zone=" + hidden} {
			if st, out, _ := n.call("GET", p, user, "", nil); st != 404 {
				t.Errorf("GET %s as %s: %d %v, want 404", p, user, st, out)
			}
		}
		// The incident counts once, under the zone un may see, and the
		// hidden zones are never named.
		a, _ := n.must(200, "GET", "/api/v1/incidents/aggregates?bbox=41,37,41.3,37.3", user, "", nil)
		var zones []string
		total := 0
		for _, it := range a["items"].([]any) {
			m := it.(map[string]any)
			zones = append(zones, m["zone"].(string))
			total += int(m["incidents"].(float64))
		}
		if total != 1 || fmt.Sprint(zones) != "["+open+"]" {
			t.Errorf("%s: aggregates %v; want the incident once, under %s", user, a["items"], open)
		}
	}
	// ru, which may see all three zones, counts it under each.
	a, _ := n.must(200, "GET", "/api/v1/incidents/aggregates?bbox=41,37,41.3,37.3", "ru-observer", "", nil)
	if k := len(a["items"].([]any)); k != 3 {
		t.Errorf("ru: aggregates %v; want the incident under each of its 3 zones", a["items"])
	}
	// An incident in two hidden zones and no other counts once, under "".
	const sq2 = `{"type":"Polygon","coordinates":[[[41.5,37.0],[41.8,37.0],[41.8,37.3],[41.5,37.3],[41.5,37.0]]]}`
	for range 2 {
		body := zoneBody("2016-07-01T00:00:00Z")
		body["geometry"] = json.RawMessage(sq2)
		body["releasability"] = map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}}
		z, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", body)
		n.must(201, "POST", "/api/v1/zones/"+z["id"].(string)+"/versions/1/agreements", "ru-liaison", "", nil)
	}
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("in-hidden-only", 41.6, 37.1, "GREEN"))
	a, _ = n.must(200, "GET", "/api/v1/incidents/aggregates?bbox=41.5,37,41.8,37.3", "un-observer", "", nil)
	items := a["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["zone"] != "" || items[0].(map[string]any)["incidents"].(float64) != 1 {
		t.Errorf("un: aggregates %v; want the incident once, under zone \"\"", items)
	}
}

func sorted(s ...string) []string { slices.Sort(s); return s }
