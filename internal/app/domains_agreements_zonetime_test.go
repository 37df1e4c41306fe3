package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

// subZoneLineMovesInTime: a no-weapons obligation on a zone whose line
// moved (version 2, from 8 July, replaces the area of version 1) judges
// each incident by the area in force at its own time: shelling inside the
// first area on 5 July bears on it, the same shelling on 10 July, when the
// line had moved away, does not.
func subZoneLineMovesInTime(t *testing.T, n *testNode, _ string) {
	square := func(lon, lat float64) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
			lon, lat, lon+0.2, lat, lon+0.2, lat+0.2, lon, lat+0.2, lon, lat))
	}
	body := zoneBody("2016-07-01T00:00:00Z")
	body["name"], body["geometry"] = "Moving line", square(40.4, 33.9)
	z, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", body)
	zone := z["id"].(string)
	n.must(201, "POST", "/api/v1/zones/"+zone+"/versions/1/agreements", "ru-liaison", "", nil)
	_, cur := n.must(200, "GET", "/api/v1/zones/"+zone, "ru-observer", "", nil)
	n.must(201, "POST", "/api/v1/zones/"+zone+"/versions", "ru-liaison", cur, map[string]any{"kind": "ceasefire_area", "name": "Moving line", "geometry": square(40.4, 34.4),
		"effective_from": "2016-07-08T00:00:00Z"})
	n.must(201, "POST", "/api/v1/zones/"+zone+"/versions/2/agreements", "us-liaison", "", nil)

	agreement := agreementBody(zone)
	agreement["title"] = "Moving line"
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", agreement)
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	shell := func(ext, day string) string {
		b := incidentBody(ext, 40.5, 34.0, "CLEAR") // inside the first area only
		b["perpetrator"] = map[string]any{"kind": "party", "party": "ru"}
		b["time"] = map[string]any{"start": "2016-07-" + day + "T08:00:00Z", "precision": "hour"}
		out, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", b)
		return out["id"].(string)
	}
	before := shell("line-before", "05")
	after := shell("line-after", "10")
	n.waitBreaches(id, "no-artillery/"+before)
	if k, err := n.app.Agreements.RecordIncident(context.Background(), after); err != nil || k != 0 {
		t.Errorf("the shelling of 10 July, outside the line then, breaks %d obligations (%v); want none", k, err)
	}
	got, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", "un-observer", "", nil)
	if st, ids, _ := obligation(t, got, "no-artillery", "ru"); st != "violation" || !slices.Equal(ids, []string{before}) {
		t.Errorf("no-artillery ru: %s %v, want a violation by the shelling of 5 July alone (%s)", st, ids, before)
	}
}
