package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
	"truce/internal/flights"
	"truce/internal/ledger"
)

// flightTimes is the base of the test trajectories: an hour from now, to
// the second, so that nothing has passed while the test runs.
func flightTimes() time.Time { return time.Now().UTC().Truncate(time.Second).Add(time.Hour) }

// line is a two-waypoint plan body at constant altitude.
func line(lat0, lon0, lat1, lon1, alt float64, t0 time.Time, d time.Duration, extra map[string]any) map[string]any {
	b := map[string]any{"callsign": "TEST", "category": "fixed_wing", "waypoints": []map[string]any{
		{"lat": lat0, "lon": lon0, "alt_ft": alt, "time": t0.Format(time.RFC3339)},
		{"lat": lat1, "lon": lon1, "alt_ft": alt, "time": t0.Add(d).Format(time.RFC3339)}}}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// decodeAs unmarshals a response body, failing the test on error.
func decodeAs[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

type conflictList struct{ Items []flights.Conflict }

// conflicts lists the conflicts user sees.
func (n *testNode) conflicts(user, query string) []flights.Conflict {
	n.t.Helper()
	code, body, _ := n.do("GET", "/api/v1/conflicts"+query, user, nil)
	if code != 200 {
		n.t.Fatalf("conflicts: %d %s", code, body)
	}
	return decodeAs[conflictList](n.t, body).Items
}

// entriesOfKind counts the log entries of kind.
func (n *testNode) entriesOfKind(kind string) int {
	n.t.Helper()
	c := 0
	if err := n.app.DB.EntriesOfKind(context.Background(), kind, 0, func(*ledger.Entry) error { c++; return nil }); err != nil {
		n.t.Fatal(err)
	}
	return c
}

func TestFlightPlanConflictRaisedAlertedAndClearedOnAmend(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	a := line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)
	b := line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)
	code, body, _ := n.do("POST", "/api/v1/flightplans", "us-liaison", a)
	if code != 201 {
		t.Fatalf("file a: %d %s", code, body)
	}
	pa := decodeAs[flights.Plan](t, body)
	code, body, hdr := n.do("POST", "/api/v1/flightplans", "ru-liaison", b)
	if code != 201 {
		t.Fatalf("file b: %d %s", code, body)
	}
	pb := decodeAs[flights.Plan](t, body)

	// The same plans in a bare engine: the logged interval must be its.
	eng, err := deconflict.New(deconflict.Config{CentreLat: flights.DefaultCentreLat, CentreLon: flights.DefaultCentreLon})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*flights.Plan{&pa, &pb} {
		fp := deconflict.FlightPlan{ID: p.ID, Party: p.Party}
		for _, w := range p.Waypoints {
			tm, _ := time.Parse(time.RFC3339Nano, w.Time)
			fp.Waypoints = append(fp.Waypoints, deconflict.Waypoint{Lat: w.Lat, Lon: w.Lon, AltFt: w.AltFt, Time: tm})
		}
		if _, err := eng.AddPlan(fp); err != nil {
			t.Fatal(err)
		}
	}
	want := eng.Conflicts()
	if len(want) != 1 {
		t.Fatalf("engine found %d conflicts, want 1", len(want))
	}
	for _, user := range []string{"us-liaison", "ru-observer"} {
		cs := n.conflicts(user, "?kind=conflict")
		if len(cs) != 1 {
			t.Fatalf("%s sees %d conflicts, want 1: %+v", user, len(cs), cs)
		}
		c := cs[0]
		if c.Status != "open" || c.Start != want[0].Start.Format(time.RFC3339Nano) || c.End != want[0].End.Format(time.RFC3339Nano) ||
			strings.Join(c.Parties, ",") != "ru,us" || c.Where == nil {
			t.Fatalf("%s: conflict %+v, engine %+v", user, c, want[0])
		}
	}
	if got := n.conflicts("un-liaison", ""); len(got) != 0 {
		t.Fatalf("un, not concerned, sees %d conflicts", len(got))
	}
	// An alert to both parties.
	for _, user := range []string{"us-liaison", "ru-liaison"} {
		_, body, _ := n.do("GET", "/api/v1/alerts?kind=air_conflict", user, nil)
		as := decodeAs[struct {
			Items []struct{ Concerned []string }
		}](t, body)
		if len(as.Items) != 1 || strings.Join(as.Items[0].Concerned, ",") != "ru,us" {
			t.Fatalf("%s alerts: %s", user, body)
		}
	}

	// A stale If-Match changes nothing.
	b2 := line(34.6, 37.5, 35.4, 37.5, 30000, t0, 30*time.Minute, nil)
	if code, body, _ := n.do2("PUT", "/api/v1/flightplans/"+pb.ID, "ru-liaison", withIfMatch(b2, `"1"`)); code != 412 {
		t.Fatalf("stale If-Match: %d %s", code, body)
	}
	// Another party may not amend it.
	if code, _, _ := n.do2("PUT", "/api/v1/flightplans/"+pb.ID, "us-liaison", withIfMatch(b2, hdr.Get("ETag"))); code != 403 {
		t.Fatalf("us amending ru's plan: %d", code)
	}
	// Amended 10,000 ft higher: the conflict clears, and that is logged.
	code, body, _ = n.do2("PUT", "/api/v1/flightplans/"+pb.ID, "ru-liaison", withIfMatch(b2, hdr.Get("ETag")))
	if code != 200 {
		t.Fatalf("amend: %d %s", code, body)
	}
	if v := decodeAs[flights.Plan](t, body).Version; v != 2 {
		t.Fatalf("version %d after amending", v)
	}
	cs := n.conflicts("us-liaison", "?kind=conflict")
	if len(cs) != 1 || cs[0].Status != "cleared" || !strings.Contains(cs[0].ClearReason, "amended") {
		t.Fatalf("after amending: %+v", cs)
	}
	if r, c := n.entriesOfKind(flights.EntryConflictRaised), n.entriesOfKind(flights.EntryConflictCleared); r != 1 || c != 1 {
		t.Fatalf("%d raised and %d cleared entries, want 1 and 1", r, c)
	}
	// Its alert is cleared too.
	_, body, _ = n.do("GET", "/api/v1/alerts?kind=air_conflict", "ru-liaison", nil)
	if as := decodeAs[struct{ Items []struct{ Status string } }](t, body); len(as.Items) != 1 || as.Items[0].Status != "cleared" {
		t.Fatalf("alert after amending: %s", body)
	}

	// Cancelling and restarting raise nothing again.
	paPath := "/api/v1/flightplans/" + pa.ID
	if code, body, _ := n.do2("POST", paPath+"/cancel", "us-liaison", withIfMatch(map[string]string{"reason": "test"}, n.etagOf(paPath, "us-liaison"))); code != 200 {
		t.Fatalf("cancel: %d %s", code, body)
	}
	if code, _, _ := n.do2("POST", paPath+"/cancel", "us-liaison", withIfMatch(map[string]string{}, n.etagOf(paPath, "us-liaison"))); code != 409 {
		t.Fatalf("cancelling twice: %d", code)
	}
	n.restart()
	if r := n.entriesOfKind(flights.EntryConflictRaised); r != 1 {
		t.Fatalf("%d raised entries after restart, want 1", r)
	}
}

// withIfMatch marks a body to be sent with an If-Match header.
type ifMatchBody struct {
	body any
	etag string
}

func withIfMatch(body any, etag string) ifMatchBody { return ifMatchBody{body, etag} }

func TestFlightPlansRestartIsIdempotent(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	for _, f := range []struct {
		user string
		body map[string]any
	}{{"us-liaison", line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)}, {"ru-liaison", line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)}} {
		if code, body, _ := n.do("POST", "/api/v1/flightplans", f.user, f.body); code != 201 {
			t.Fatalf("%d %s", code, body)
		}
	}
	before := n.app.Hashes.Size()
	n.restart()
	if r := n.entriesOfKind(flights.EntryConflictRaised); r != 1 {
		t.Fatalf("%d raised entries after restart, want 1", r)
	}
	if cs := n.conflicts("us-liaison", "?status=open"); len(cs) != 1 {
		t.Fatalf("open after restart: %+v", cs)
	}
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("restart appended %d entries", after-before)
	}
}

// restart closes the node and opens it again on the same directory.
func (n *testNode) restart() {
	n.t.Helper()
	cfg := n.app.Config
	if err := n.app.Close(); err != nil {
		n.t.Fatal(err)
	}
	a, err := Open(context.Background(), cfg, n.opts)
	if err != nil {
		n.t.Fatal(err)
	}
	n.app = a
	n.srv.Config.Handler = a.Handler()
}

func TestFlightInputErrorsChangeNothing(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	ok := line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)
	code, _, hdr := n.do("POST", "/api/v1/flightplans", "us-liaison", ok)
	if code != 201 {
		t.Fatal(code)
	}
	loc := hdr.Get("Location")
	outOfOrder := map[string]any{"waypoints": []map[string]any{
		{"lat": 35.0, "lon": 37.0, "alt_ft": 20000, "time": t0.Format(time.RFC3339)},
		{"lat": 35.0, "lon": 37.2, "alt_ft": 20000, "time": t0.Add(10 * time.Minute).Format(time.RFC3339)},
		{"lat": 35.0, "lon": 37.4, "alt_ft": 20000, "time": t0.Add(5 * time.Minute).Format(time.RFC3339)}}}
	huge := bytes.Repeat([]byte(" "), 2<<20)
	tn := time.Now().UTC() // track reports are live: timed now, not at the plans' t0
	size := n.app.Hashes.Size()
	for _, c := range []struct {
		name, method, path, user string
		body                     any
		status                   int
		field                    string
	}{
		{"waypoints out of order", "POST", "/api/v1/flightplans", "us-liaison", outOfOrder, 422, "waypoints[2].time"},
		{"latitude out of range", "POST", "/api/v1/flightplans", "us-liaison", line(95, 37, 35, 38, 20000, t0, time.Hour, nil), 422, "waypoints[0].lat"},
		{"outside the region", "POST", "/api/v1/flightplans", "us-liaison", line(0, 0, 0.1, 0.1, 20000, t0, time.Hour, nil), 422, "waypoints[0].position"},
		{"bad time", "POST", "/api/v1/flightplans", "us-liaison", map[string]any{"waypoints": []map[string]any{{"lat": 35, "lon": 37, "alt_ft": 0, "time": "noon"}, {"lat": 35, "lon": 37, "alt_ft": 0, "time": "noon"}}}, 422, "waypoints[0].time"},
		{"one waypoint", "POST", "/api/v1/flightplans", "us-liaison", map[string]any{"waypoints": []map[string]any{{"lat": 35, "lon": 37, "alt_ft": 0, "time": t0.Format(time.RFC3339)}}}, 422, "waypoints"},
		{"unknown field", "POST", "/api/v1/flightplans", "us-liaison", line(35, 37, 35, 38, 20000, t0, time.Hour, map[string]any{"target": "x"}), 400, ""},
		{"huge body", "POST", "/api/v1/flightplans", "us-liaison", huge, 413, ""},
		{"observer may not file", "POST", "/api/v1/flightplans", "us-observer", ok, 403, ""},
		{"anonymous", "POST", "/api/v1/flightplans", "", ok, 401, ""},
		{"bad category", "PUT", loc, "us-liaison", withIfMatch(line(35, 37, 35, 38, 20000, t0, time.Hour, map[string]any{"category": "bomber"}), hdr.Get("ETag")), 422, "category"},
		{"bad If-Match", "PUT", loc, "us-liaison", withIfMatch(ok, "yesterday"), 400, ""},
		{"reservation not a polygon", "POST", "/api/v1/reservations", "ru-liaison", map[string]any{"name": "x", "geometry": map[string]any{"type": "Point", "coordinates": []float64{37, 35}}, "floor_ft": 0, "ceiling_ft": 1000, "start": t0.Format(time.RFC3339), "end": t0.Add(time.Hour).Format(time.RFC3339)}, 422, "geometry/type"},
		{"reservation band upside down", "POST", "/api/v1/reservations", "ru-liaison", reservation(t0, 5000, 1000), 422, "ceiling_ft"},
		{"tracks of another party", "POST", "/api/v1/tracks", "us-liaison", map[string]any{"reports": []map[string]any{{"id": "t1", "party": "ru", "lat": 35, "lon": 37, "alt_ft": 1000, "time": tn.Format(time.RFC3339)}}}, 403, ""},
		{"track out of range", "POST", "/api/v1/tracks", "us-liaison", map[string]any{"reports": []map[string]any{{"id": "t1", "lat": 35, "lon": 37, "alt_ft": 1000, "time": tn.Format(time.RFC3339)}, {"id": "t2", "lat": 35, "lon": 370, "alt_ft": 1000, "time": tn.Format(time.RFC3339)}}}, 422, "reports[1].lon"},
		{"track unknown field", "POST", "/api/v1/tracks", "us-liaison", map[string]any{"id": "t1", "lat": 35, "lon": 37, "alt_ft": 1000, "time": tn.Format(time.RFC3339), "weapon": "x"}, 400, ""},
		{"track from the future", "POST", "/api/v1/tracks", "us-liaison", map[string]any{"reports": []map[string]any{{"id": "t1", "lat": 35, "lon": 37, "alt_ft": 1000, "time": tn.Format(time.RFC3339)}, {"id": "t2", "lat": 35, "lon": 37.1, "alt_ft": 1000, "time": tn.Add(10 * time.Minute).Format(time.RFC3339)}}}, 422, "reports[1].time"},
		{"track observer", "POST", "/api/v1/tracks", "us-observer", map[string]any{"id": "t1", "lat": 35, "lon": 37, "alt_ft": 1000, "time": tn.Format(time.RFC3339)}, 403, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body, _ := n.do2(c.method, c.path, c.user, c.body)
			if code != c.status {
				t.Fatalf("status %d, want %d: %s", code, c.status, body)
			}
			p := decodeAs[struct {
				Type   string
				Detail string
				Errors []struct{ Field string }
			}](t, body)
			if p.Type == "" || p.Detail == "" {
				t.Fatalf("not a problem: %s", body)
			}
			if c.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != c.field) {
				t.Fatalf("field %v, want %s: %s", p.Errors, c.field, body)
			}
		})
	}
	if got := n.app.Hashes.Size(); got != size {
		t.Fatalf("bad requests appended %d entries", got-size)
	}
	if len(n.app.Flights.Tracks(n.principal("us-liaison"))) != 0 {
		t.Fatal("a rejected batch left tracks")
	}
}

func reservation(t0 time.Time, floor, ceiling float64) map[string]any {
	return map[string]any{"name": "airdrop block", "geometry": map[string]any{"type": "Polygon", "coordinates": [][][]float64{
		{{37.3, 34.9}, {37.7, 34.9}, {37.7, 35.1}, {37.3, 35.1}, {37.3, 34.9}}}},
		"floor_ft": floor, "ceiling_ft": ceiling, "start": t0.Format(time.RFC3339), "end": t0.Add(2 * time.Hour).Format(time.RFC3339)}
}

// do2 is do with ifMatchBody support.
func (n *testNode) do2(method, path, user string, body any) (int, []byte, http.Header) {
	n.t.Helper()
	im, ok := body.(ifMatchBody)
	if !ok {
		return n.do(method, path, user, body)
	}
	b, _ := json.Marshal(im.body)
	req, _ := http.NewRequest(method, n.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", im.etag)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.Bytes(), resp.Header
}

// principal returns the principal of a test user's token.
func (n *testNode) principal(user string) access.Principal {
	n.t.Helper()
	p, err := n.app.Accounts.AuthenticateToken(context.Background(), n.tokens[user])
	if err != nil {
		n.t.Fatal(err)
	}
	return p
}

func TestReservationIntrusionAndSiteAdvisory(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	if code, body, _ := n.do("POST", "/api/v1/reservations", "ru-liaison", reservation(t0, 0, 25000)); code != 201 {
		t.Fatalf("reserve: %d %s", code, body)
	}
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "Test hospital"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{36.5, 35.0}}, "buffer_m": 2000, "parties": []string{"ru", "us"}}
	if code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site); code != 201 {
		t.Fatalf("notify site: %d %s", code, body)
	}
	// us crosses ru's reservation at 20,000 ft, then descends over the hospital.
	plan := map[string]any{"waypoints": []map[string]any{
		{"lat": 35.0, "lon": 38.0, "alt_ft": 20000, "time": t0.Format(time.RFC3339)},
		{"lat": 35.0, "lon": 37.0, "alt_ft": 20000, "time": t0.Add(20 * time.Minute).Format(time.RFC3339)},
		{"lat": 35.0, "lon": 36.4, "alt_ft": 3000, "time": t0.Add(35 * time.Minute).Format(time.RFC3339)}}}
	code, body, _ := n.do("POST", "/api/v1/flightplans", "us-liaison", plan)
	if code != 201 {
		t.Fatalf("file: %d %s", code, body)
	}
	id := decodeAs[flights.Plan](t, body).ID
	in := n.conflicts("ru-liaison", "?kind=intrusion")
	if len(in) != 1 || in[0].Subjects[0] != id || strings.Join(in[0].Parties, ",") != "ru,us" {
		t.Fatalf("intrusions: %+v", in)
	}
	// un notified the site but may not see us's plan (AMBER to us): it is
	// shown un's opaque reference for it, not its id or party.
	adv := n.conflicts("un-liaison", "?kind=advisory")
	if len(adv) != 1 || !strings.HasPrefix(adv[0].Subjects[0], "ref_") || strings.Join(adv[0].Parties, ",") != "un" || adv[0].MinHorizontalM > 2000 {
		t.Fatalf("advisories seen by the notifier: %+v", adv)
	}
	_, body, _ = n.do("GET", "/api/v1/alerts?kind=air_advisory", "us-liaison", nil)
	if as := decodeAs[struct {
		Items []json.RawMessage `json:"items"`
	}](t, body); len(as.Items) != 1 {
		t.Fatalf("advisory alerts: %s", body)
	}
	// Cancelling the reservation clears the intrusion.
	rsvPath := "/api/v1/reservations/" + in[0].Subjects[1]
	if code, body, _ := n.do2("POST", rsvPath+"/cancel", "ru-liaison", withIfMatch(map[string]string{"reason": "done"}, n.etagOf(rsvPath, "ru-liaison"))); code != 200 {
		t.Fatalf("cancel reservation: %d %s", code, body)
	}
	if in := n.conflicts("ru-liaison", "?kind=intrusion"); len(in) != 1 || in[0].Status != "cleared" {
		t.Fatalf("after cancelling: %+v", in)
	}
}

func TestFlightPlanReleasability(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	t0 := flightTimes()
	last := n.app.Hashes.Size() - 1
	red := line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, map[string]any{"callsign": "SECRET1",
		"releasability": map[string]any{"tlp": "RED", "audience": []string{"us"}}})
	code, body, _ := n.do("POST", "/api/v1/flightplans", "us-liaison", red)
	if code != 201 {
		t.Fatalf("%d %s", code, body)
	}
	id := decodeAs[flights.Plan](t, body).ID
	green := line(35.5, 37.0, 35.5, 38.0, 20000, t0, 30*time.Minute, map[string]any{"releasability": map[string]any{"tlp": "GREEN"}})
	if code, body, _ := n.do("POST", "/api/v1/flightplans", "us-liaison", green); code != 201 {
		t.Fatalf("%d %s", code, body)
	}
	// ru, a co-chair, sees the trajectory but not the callsign.
	code, body, _ = n.do("GET", "/api/v1/flightplans/"+id, "ru-observer", nil)
	if code != 200 || strings.Contains(string(body), "SECRET1") || !strings.Contains(string(body), `"redacted":true`) || !strings.Contains(string(body), `"waypoints":[{`) {
		t.Fatalf("co-chair view: %d %s", code, body)
	}
	// The outsider and the public do not see it at all.
	for _, user := range []string{"xx-liaison", "un-liaison", ""} {
		if code, _, _ := n.do("GET", "/api/v1/flightplans/"+id, user, nil); code != 404 {
			t.Fatalf("%q get: %d", user, code)
		}
		_, body, _ := n.do("GET", "/api/v1/flightplans", user, nil)
		if strings.Contains(string(body), id) || strings.Contains(string(body), "SECRET1") {
			t.Fatalf("%q list shows the plan: %s", user, body)
		}
	}
	// Nor in the stream: the first flight plan entry xx receives is the GREEN one.
	ids := n.streamIDs("xx-liaison", last, flights.EntryPlanFiled)
	if len(ids) != 1 || ids[0] != last+2 {
		t.Fatalf("xx's stream shows flight plan entries %v; the RED one is #%d", ids, last+1)
	}
	_, body, _ = n.do("GET", "/api/v1/flightplans", "us-liaison", nil)
	if !strings.Contains(string(body), "SECRET1") {
		t.Fatalf("the owner does not see its callsign: %s", body)
	}
}

// streamIDs returns the ids of the stream events of kind user receives
// after last, up to the first one.
func (n *testNode) streamIDs(user string, last int64, kind string) []int64 {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+"/api/v1/stream?kinds="+kind, nil)
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Last-Event-ID", fmt.Sprint(last))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var ids []int64
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
			var id int64
			fmt.Sscan(v, &id)
			ids = append(ids, id)
			return ids
		}
	}
	n.t.Fatalf("stream ended: %v", sc.Err())
	return nil
}
