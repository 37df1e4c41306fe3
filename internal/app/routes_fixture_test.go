package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
)

// routeFixture creates the records the role-table test acts on, through
// the API as their owners would, fresh where a request changes them.
type routeFixture struct {
	t     *testing.T
	n     *testNode
	t0    time.Time
	hooks *httptest.Server // receives webhook deliveries
	next  int
	cache map[string]any
}

func newRouteFixture(t *testing.T) *routeFixture {
	n := domainNode(t)
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) }))
	t.Cleanup(hooks.Close)
	return &routeFixture{t: t, n: n, t0: flightTimes(), hooks: hooks, cache: map[string]any{}}
}

// uniq returns a new name with prefix.
func (f *routeFixture) uniq(prefix string) string {
	f.next++
	return fmt.Sprintf("%s%d", prefix, f.next)
}

// once returns the cached value of key, making it with mk the first time.
func once[T any](f *routeFixture, key string, mk func() T) T {
	if v, ok := f.cache[key]; ok {
		return v.(T)
	}
	v := mk()
	f.cache[key] = v
	return v
}

// post sends body as user and returns the decoded answer and ETag,
// failing unless the status is want.
func (f *routeFixture) post(want int, path, user, ifMatch string, body any) (map[string]any, string) {
	f.t.Helper()
	return f.n.must(want, "POST", path, user, ifMatch, body)
}

// site is a fresh site notified by un to ru and us.
func (f *routeFixture) site() string {
	id, _ := f.taggedSite()
	return id
}

// taggedSite is a fresh site notified by un to ru and us, and its ETag.
func (f *routeFixture) taggedSite() (string, string) {
	out, tag := f.post(201, "/api/v1/sites", "un-liaison", "", map[string]any{"kind": "hospital", "names": map[string]string{"en": f.uniq("hospital ")},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 300, "parties": []string{"ru", "us"},
		"confirm_flags": []string{"duplicate"}}) // every fresh site stands where the last did
	return out["id"].(string), tag
}

// siteQuery is a site with a query ru raised about it, and the query's
// entry.
func (f *routeFixture) siteQuery() (string, string) {
	id := f.site()
	out, _ := f.post(200, "/api/v1/sites/"+id+"/queries", "ru-liaison", "", map[string]any{"version": 1, "text": "in the sea?"})
	qs := out["queries"].([]any)
	return id, fmt.Sprint(int64(qs[0].(map[string]any)["seq"].(float64)))
}

// movement is a fresh movement notified by un to ru and us.
func (f *routeFixture) movement() string {
	id, _ := f.taggedMovement()
	return id
}

// taggedMovement is a fresh movement notified by un to ru and us, and its
// ETag.
func (f *routeFixture) taggedMovement() (string, string) {
	start := f.t0.Add(96 * time.Hour)
	out, tag := f.post(201, "/api/v1/movements", "un-liaison", "", movementBody(start, f.uniq("convoy ")))
	return out["id"].(string), tag
}

func movementBody(start time.Time, cargo string) map[string]any {
	return map[string]any{"route": map[string]any{"type": "LineString", "coordinates": [][]float64{{37.1, 36.2}, {37.2, 36.25}}},
		"corridor_m": 500, "window": map[string]any{"start": start.Format(time.RFC3339), "end": start.Add(4 * time.Hour).Format(time.RFC3339)},
		"vehicles": 3, "cargo": "food", "parties": []string{"ru", "us"}, "note": cargo}
}

// alert is an alert concerning us and ru.
func (f *routeFixture) alert() string {
	a, _, err := f.n.app.Alerts.Raise(context.Background(), alerts.Spec{Key: f.uniq("role-table:"), Kind: alerts.KindOther,
		Severity: alerts.SeverityMinor, Title: "Role table", Concerned: []string{"ru", "us"},
		Causes: []access.Releasability{{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}}})
	if err != nil {
		f.t.Fatal(err)
	}
	return a.ID
}

// attachment is a file us-liaison uploaded for the hotline.
func (f *routeFixture) attachment() map[string]any {
	return once(f, "attachment", func() map[string]any {
		return f.raw(201, "POST", "/api/v1/messages/attachments?name=note.txt", "us-liaison", "text/plain", []byte("a note for the hotline"))
	})
}

// message is a message from us to ru with an attachment.
func (f *routeFixture) message() string {
	return once(f, "message", func() string {
		out, _ := f.post(201, "/api/v1/messages", "us-liaison", "", map[string]any{"to": "ru", "priority": "routine",
			"subject": "Role table", "body": "check", "attachments": []any{f.attachment()}})
		return out["id"].(string)
	})
}

// webhook is a fresh webhook of us.
func (f *routeFixture) webhook() string {
	out, _ := f.post(201, "/api/v1/webhooks", "us-liaison", "", map[string]any{"url": f.hooks.URL + "/" + f.uniq("h")})
	return out["id"].(string)
}

// zone is a fresh zone proposed by us, with its ETag.
func (f *routeFixture) zone() (string, string) {
	out, tag := f.post(201, "/api/v1/zones", "us-liaison", "", zoneBody("2016-07-01T00:00:00Z"))
	return out["id"].(string), tag
}

// evidence is a text file uploaded as evidence by us.
func (f *routeFixture) evidence() map[string]any {
	return once(f, "evidence", func() map[string]any {
		return f.raw(201, "POST", "/api/v1/evidence", "us-reporter", "text/plain", []byte("witness statement, role table"))
	})
}

// incident is a fresh GREEN incident reported by us (with evidence), and
// its ETag.
func (f *routeFixture) incident() (string, string) {
	body := incidentBody(f.uniq("role-"), 37.1, 36.1, "GREEN")
	body["evidence"] = []map[string]any{{"sha256": f.evidence()["sha256"], "name": "statement.txt"}}
	out, tag := f.post(201, "/api/v1/incidents", "us-reporter", "", body)
	return out["id"].(string), tag
}

// plan is a fresh flight plan filed by us, and its ETag.
func (f *routeFixture) plan() (string, string) {
	lat := 30 + float64(f.next%50)*0.05
	f.next++
	out, tag := f.post(201, "/api/v1/flightplans", "us-liaison", "", line(lat, 30.0, lat, 30.5, 30000, f.t0, 20*time.Minute, nil))
	return out["id"].(string), tag
}

// reservation is a fresh GREEN reservation of us.
func (f *routeFixture) reservation() string {
	id, _ := f.taggedReservation()
	return id
}

// taggedReservation is a fresh GREEN reservation of us, and its ETag.
func (f *routeFixture) taggedReservation() (string, string) {
	body := reservation(f.t0, 1000, 5000)
	body["releasability"] = map[string]any{"tlp": "GREEN"}
	out, tag := f.post(201, "/api/v1/reservations", "us-liaison", "", body)
	return out["id"].(string), tag
}

// conflict is a conflict between a us and a ru plan.
func (f *routeFixture) conflict() string {
	return once(f, "conflict", func() string {
		f.post(201, "/api/v1/flightplans", "us-liaison", "", line(35.0, 37.0, 35.0, 38.0, 20000, f.t0, 30*time.Minute, nil))
		f.post(201, "/api/v1/flightplans", "ru-liaison", "", line(34.6, 37.5, 35.4, 37.5, 20000, f.t0, 30*time.Minute, nil))
		var id string
		eventually(f.t, "a conflict", func() bool {
			if cs := f.n.conflicts("us-liaison", "?kind=conflict"); len(cs) > 0 {
				id = cs[0].ID
			}
			return id != ""
		})
		return id
	})
}

// proposal is a fresh proposal by us's admin to admit a party.
func (f *routeFixture) proposal() string {
	out, _ := f.post(201, "/api/v1/parties", "us-admin", "", map[string]any{"id": f.uniq("cand-"), "name": "Candidate", "kind": "other"})
	return out["id"].(string)
}

// amberEntry is the sequence number of an entry released to us only.
func (f *routeFixture) amberEntry() int64 {
	return once(f, "entry", func() int64 {
		u, err := f.n.app.Accounts.Store().UserByName(context.Background(), nil, "us-observer")
		if err != nil {
			f.t.Fatal(err)
		}
		ses, err := f.n.app.DB.EntriesBySubject(context.Background(), "user:"+u.ID)
		if err != nil || len(ses) == 0 {
			f.t.Fatalf("entries of us-observer: %v", err)
		}
		return ses[0].Seq
	})
}

// token issues a spare token of user and returns its id.
func (f *routeFixture) token(user string) string {
	ctx := context.Background()
	u, err := f.n.app.Accounts.Store().UserByName(ctx, nil, user)
	if err != nil {
		f.t.Fatal(err)
	}
	tok, err := f.n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "spare", 0, true)
	if err != nil {
		f.t.Fatal(err)
	}
	return tok.ID
}

// userID returns the id of user.
func (f *routeFixture) userID(user string) string {
	u, err := f.n.app.Accounts.Store().UserByName(context.Background(), nil, user)
	if err != nil {
		f.t.Fatal(err)
	}
	return u.ID
}

// raw sends a raw body and returns the decoded answer, failing unless the
// status is want.
func (f *routeFixture) raw(want int, method, path, user, contentType string, body []byte) map[string]any {
	f.t.Helper()
	code, out := f.send(routeReq{method: method, path: path, raw: body, contentType: contentType}, user)
	if code != want {
		f.t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, user, code, want, out)
	}
	var m map[string]any
	json.Unmarshal(out, &m)
	return m
}

// routeReq is one request of the role-table test.
type routeReq struct {
	method, path string
	json         any    // a JSON body, or
	raw          []byte // a raw body with contentType
	contentType  string
	ifMatch      string
	stream       bool // a long-lived answer: read only the status
}

// send sends r as user ("" for the public) and returns the status and (but
// for streams) the body.
func (f *routeFixture) send(r routeReq, user string) (int, []byte) {
	f.t.Helper()
	var body io.Reader
	ct := r.contentType
	switch {
	case r.raw != nil:
		body = bytes.NewReader(r.raw)
	case r.json != nil:
		b, _ := json.Marshal(r.json)
		body, ct = bytes.NewReader(b), "application/json"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, r.method, f.n.srv.URL+r.path, body)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if r.ifMatch != "" {
		req.Header.Set("If-Match", r.ifMatch)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.n.tokens[user])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatalf("%s %s as %q: %v", r.method, r.path, user, err)
	}
	defer resp.Body.Close()
	if r.stream && resp.StatusCode == 200 {
		return resp.StatusCode, nil
	}
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, out
}

// trackLine is an NDJSON position report of track id.
func trackLine(id string, t time.Time) []byte {
	b, _ := json.Marshal(report(id, 34.0, 36.0, 15000, t, 200, 90))
	return append(b, '\n')
}
