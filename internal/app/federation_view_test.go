package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/mirror"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/store"
	"truce/internal/testwait"
)

// The origins of two peers' logs, as a mirror of each would store them.
const (
	peerOrigin   = "peer.truce.invalid/us"
	peerUnOrigin = "peer.truce.invalid/un"
)

// peerLog is another node's log: a store and its sequencer.
type peerLog struct {
	db  *store.DB
	seq *ledger.Sequencer
}

func newPeerLog(t *testing.T) *peerLog {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "peer.db"))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	seq := ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
	t.Cleanup(func() { seq.Close(); db.Close() })
	return &peerLog{db: db, seq: seq}
}

// report appends us's incident report id released as rel.
func (p *peerLog) report(t *testing.T, id string, rel access.Releasability) {
	t.Helper()
	r := incidents.Report{ID: id, Key: "k-" + id, Category: incidents.Categories[0],
		Time:     incidents.TimeSpan{Start: "2016-09-12T10:00:00Z", Precision: incidents.TimePrecisions[0]},
		Location: []byte(`{"type":"Point","coordinates":[36.2,37.1]}`), LocationPrecision: "exact",
		Narrative: "shelling near the mill " + id, Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
	p.append(t, ledger.Draft{Party: "us", Author: "us-reporter", Kind: incidents.KindReported, Subject: incidents.Subject(id),
		Release: rel, Payload: incidents.Reported{Incident: r}})
}

func (p *peerLog) append(t *testing.T, d ledger.Draft) {
	t.Helper()
	if _, err := p.seq.Append(context.Background(), ledger.Change{Draft: d}); err != nil {
		t.Fatal(err)
	}
}

// mirrorInto applies the peer's whole log to n's store as its mirror would
// once verified, publishing what it applied on n's stream.
func (p *peerLog) mirrorInto(t *testing.T, n *testNode, origin string) {
	t.Helper()
	ctx := context.Background()
	c := mirror.Chunk{Origin: origin, Checkpoint: []byte("note"), Complete: true, Time: time.Now(), Root: tlog.Hash{1}}
	err := p.db.EntryRange(ctx, 0, 1<<40, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, ledger.Commitment(canonical))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Size = int64(len(c.Commitments))
	if err := n.app.DB.MirrorsPublishing(n.app.publishMirrored).ApplyMirrorChunk(ctx, c); err != nil {
		t.Fatal(err)
	}
}

// TestMirroredRecordsOnEveryReadPath checks that a peer's incident
// reports, once mirrored, are on every read path of this node (list, get,
// text search, counts, exports, STIX, OGC API, stream) labelled with their
// origin, each to exactly its audience among this node's users; that the
// integrity check does not take them for drift; and that a write on a
// record the peer holds is refused with 409 and changes nothing.
func TestMirroredRecordsOnEveryReadPath(t *testing.T) {
	n := newTestNode(t)
	peer := newPeerLog(t)
	toRu := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
	toUn := access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}}
	peer.report(t, "inc_fed_ru", toRu)
	peer.report(t, "inc_fed_un", toUn)
	site := &notify.Site{Kind: notify.SiteKinds[0], Names: map[string]string{"en": "Clinic"},
		Location: []byte(`{"type":"Point","coordinates":[36.3,37.2]}`), BufferM: 300, Parties: []string{"us"}}
	unPeer := newPeerLog(t) // a site only agencies and the UN notify
	unPeer.append(t, ledger.Draft{Party: "un", Author: "un-liaison", Kind: notify.KindSiteNotified,
		Subject: notify.Subject(notify.TypeSite, "site_fed"), Release: toUn,
		Payload: notify.Notified{ID: "site_fed", Version: 1, Deadline: "2030-01-01T00:00:00Z", Site: site}})

	streams := map[string]<-chan sseEvent{}
	for _, user := range []string{"ru-observer", "un-observer"} {
		streams[user] = n.openSSE("/api/v1/stream?kinds=incident.", bearer(n.tokens[user]))
	}
	testwait.For(t, 10*time.Second, "both streams subscribed", func() bool { return n.app.Stream.Stats().Subscribers == 2 })
	peer.mirrorInto(t, n, peerOrigin)
	unPeer.mirrorInto(t, n, peerUnOrigin)

	for _, tc := range []struct{ user, sees, hidden string }{
		{"ru-observer", "inc_fed_ru", "inc_fed_un"},
		{"un-observer", "inc_fed_un", "inc_fed_ru"},
	} {
		for _, path := range []string{"/api/v1/incidents", "/api/v1/incidents?q=mill", "/api/v1/exports/incidents?format=geojson",
			"/api/v1/exports/incidents?format=csv", "/api/v1/exports/stix", "/ogc/collections/incidents/items"} {
			code, body, _ := n.do("GET", path, tc.user, nil)
			if code != 200 || !strings.Contains(string(body), tc.sees) || strings.Contains(string(body), tc.hidden) {
				t.Errorf("%s GET %s: %d, want %s and not %s in %.300s", tc.user, path, code, tc.sees, tc.hidden, body)
			}
			if !strings.Contains(string(body), peerOrigin) {
				t.Errorf("%s GET %s: no origin label %s", tc.user, path, peerOrigin)
			}
		}
		code, body, _ := n.do("GET", "/api/v1/incidents/"+tc.sees, tc.user, nil)
		var in incidents.Incident
		if code != 200 || json.Unmarshal(body, &in) != nil || in.Origin != peerOrigin || in.Party != "us" {
			t.Errorf("%s GET its incident: %d origin %q", tc.user, code, in.Origin)
		}
		for _, path := range []string{"/api/v1/incidents/" + tc.hidden, "/ogc/collections/incidents/items/" + tc.hidden} {
			if code, _, _ := n.do("GET", path, tc.user, nil); code != 404 {
				t.Errorf("%s GET %s: %d, want 404", tc.user, path, code)
			}
		}
		code, body, _ = n.do("GET", "/api/v1/incidents/counts", tc.user, nil)
		if code != 200 || !strings.Contains(string(body), `"total":1`) {
			t.Errorf("%s counts: %d %s, want a total of 1", tc.user, code, body)
		}
		ev := nextEvent(t, streams[tc.user])
		if ev.kind != incidents.KindReported || !strings.Contains(ev.data, tc.sees) || !strings.Contains(ev.data, `"origin":"`+peerOrigin+`"`) {
			t.Errorf("%s stream: %s %s, want %s from %s", tc.user, ev.kind, ev.data, tc.sees, peerOrigin)
		}
	}
	// An own incident of this node carries this node's origin.
	code, body, _ := n.do("POST", "/api/v1/incidents", "un-liaison", map[string]any{"category": incidents.Categories[0],
		"time":     map[string]any{"start": "2016-09-12T11:00:00Z", "precision": incidents.TimePrecisions[0]},
		"location": map[string]any{"type": "Point", "coordinates": []float64{36.1, 37.0}}, "location_precision": "exact",
		"narrative": "own report", "perpetrator": map[string]any{"kind": "unknown"}, "releasability": map[string]any{"tlp": "GREEN"}})
	var own incidents.Incident
	if code != 201 || json.Unmarshal(body, &own) != nil || own.Origin != n.app.Keys.Origin() {
		t.Errorf("own report: %d origin %q, want %q (%s)", code, own.Origin, n.app.Keys.Origin(), body)
	}

	if err := n.app.Integrity.Check(context.Background()); err != nil || n.app.Integrity.Err() != nil {
		t.Fatalf("integrity check with mirrored projections: %v, %v", err, n.app.Integrity.Err())
	}

	// un's liaison on this node cannot cancel the notification the other
	// node of un holds: 409, and nothing is written.
	code, _, hdr := n.do("GET", "/api/v1/sites/site_fed", "un-liaison", nil)
	if code != 200 {
		t.Fatalf("GET the mirrored site: %d", code)
	}
	size := n.app.Hashes.Size()
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/sites/site_fed/cancel", strings.NewReader(`{"reason":"closed"}`))
	req.Header.Set("Authorization", "Bearer "+n.tokens["un-liaison"])
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", hdr.Get("ETag"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	problem, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 409 || !strings.Contains(string(problem), "held by node "+peerUnOrigin) {
		t.Fatalf("cancel of a mirrored site: %d %s, want 409 naming %s", resp.StatusCode, problem, peerUnOrigin)
	}
	if got := n.app.Hashes.Size(); got != size {
		t.Fatalf("the refused cancel wrote: log size %d, was %d", got, size)
	}
}

// nextEvent returns the next event of events, failing after 10 s.
func nextEvent(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			if ev.kind == "record" { // the record that precedes a live entry (TestStreamCarriesRecordsAsEachCallerSeesThem)
				continue
			}
			return ev
		case <-deadline:
			t.Fatal("no event within 10 s")
		}
	}
}
