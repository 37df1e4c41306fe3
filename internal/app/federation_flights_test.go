package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/mirror"
	"truce/internal/flights"
	"truce/internal/ledger"
)

// TestMirroredFlightPlansReachTheEngine checks that a flight plan a peer's
// node filed reaches this node's deconfliction engine as soon as its mirror
// applies it, without a restart: a conflict with an own plan is found, and
// the peer's cancellation, mirrored later, takes its plan out of the
// engine (a plan filed afterwards on the same track conflicts with
// nothing of the peer's).
func TestMirroredFlightPlansReachTheEngine(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	peer := newPeerLog(t)
	rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
	wps := func(lat0, lon0, lat1, lon1 float64) []flights.Waypoint {
		return []flights.Waypoint{{Lat: lat0, Lon: lon0, AltFt: 20000, Time: t0.Format(time.RFC3339)},
			{Lat: lat1, Lon: lon1, AltFt: 20000, Time: t0.Add(30 * time.Minute).Format(time.RFC3339)}}
	}
	peer.append(t, ledger.Draft{Party: "us", Author: "us-liaison", Kind: flights.EntryPlanFiled, Subject: flights.PlanSubject("fpl_peer"),
		Release: rel, Payload: flights.PlanPayload{ID: "fpl_peer", Version: 1, Callsign: "PEER1", Category: "fixed_wing", Waypoints: wps(35.0, 37.0, 35.0, 38.0)}})
	if code, b, _ := n.do("POST", "/api/v1/flightplans", "ru-liaison", line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)); code != 201 {
		t.Fatalf("ru files: %d %s", code, b)
	}
	peer.mirrorInto(t, n, peerOrigin)
	eventually(t, "a conflict with the mirrored plan", func() bool {
		for _, c := range n.conflicts("ru-liaison", "?kind=conflict") {
			if slices.ContainsFunc(c.Subjects, func(s string) bool { return strings.Contains(s, "fpl_peer") }) {
				return true
			}
		}
		return false
	})

	peer.append(t, ledger.Draft{Party: "us", Author: "us-liaison", Kind: flights.EntryPlanCancelled, Subject: flights.PlanSubject("fpl_peer"),
		Release: rel, Payload: flights.CancelPayload{ID: "fpl_peer", Reason: "mission cancelled"}})
	peer.mirrorFrom(t, n, peerOrigin, 1)
	eventually(t, "the conflict cleared by the mirrored cancellation", func() bool {
		cs := n.conflicts("ru-liaison", "?kind=conflict")
		return len(cs) == 1 && cs[0].Status == flights.ConflictCleared
	})
}

// mirrorFrom applies the peer's entries from index start on to n's store
// as its mirror would once verified (n already holding the first start).
func (p *peerLog) mirrorFrom(t *testing.T, n *testNode, origin string, start int64) {
	t.Helper()
	ctx := context.Background()
	c := mirror.Chunk{Origin: origin, Checkpoint: []byte("note"), Complete: true, Time: time.Now(), Root: tlog.Hash{1}, Start: start}
	err := p.db.EntryRange(ctx, start, 1<<40, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, ledger.Commitment(canonical))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Size = start + int64(len(c.Commitments))
	if err := n.app.DB.MirrorsPublishing(n.app.publishMirrored).ApplyMirrorChunk(ctx, c); err != nil {
		t.Fatal(err)
	}
}
