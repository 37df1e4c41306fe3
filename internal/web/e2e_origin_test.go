package web_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/mirror"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/store"
)

// TestBrowserOriginLabel checks that the incident list and a record page
// say which node logged each report: a peer's report this node mirrored
// carries the peer's origin, with a section checking it against that
// origin's log, and an own report this node's origin.
func TestBrowserOriginLabel(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := context.Background()
	const peerOrigin = "peer.truce.invalid/us"
	peer, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "peer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	hs, _ := ledger.NewHashStore(nil, nil)
	seq := ledger.NewSequencer(peer, hs, ledger.SequencerOptions{})
	defer seq.Close()
	r := incidents.Report{ID: "inc_peer_origin", Key: "k-peer-origin", Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: []byte(`{"type":"Point","coordinates":[37.16,36.2]}`), LocationPrecision: "1km", PlaceName: "Peer village",
		Narrative: "Shelling reported by a peer.", Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
	if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-reporter", Kind: incidents.KindReported,
		Subject: incidents.Subject(r.ID), Release: access.Releasability{TLP: access.TLPGreen}, Payload: incidents.Reported{Incident: r}}}); err != nil {
		t.Fatal(err)
	}
	c := mirror.Chunk{Origin: peerOrigin, Checkpoint: []byte("note"), Size: 1, Root: tlog.Hash{1}, Complete: true, Time: time.Now()}
	if err := peer.EntryRange(ctx, 0, 1, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, ledger.Commitment(canonical))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := n.app.DB.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
		t.Fatal(err)
	}
	own, _, err := n.app.Incidents.Report(ctx, n.principalOf(t, "us-liaison"), &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: []byte(`{"type":"Point","coordinates":[37.1,36.1]}`), LocationPrecision: "1km", PlaceName: "Own village",
		Perpetrator: incidents.Perpetrator{Kind: "unknown"}, Narrative: "Own report.", Releasability: &access.Releasability{TLP: access.TLPGreen}})
	if err != nil {
		t.Fatal(err)
	}
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "ru-liaison", "password-ru")
	run(t, tb, "list", chromedp.Navigate(base+"/#/incidents"),
		chromedp.WaitVisible(`[data-origin="`+peerOrigin+`"]`),
		chromedp.WaitVisible(`[data-origin="`+n.app.Keys.Origin()+`"]`))
	run(t, tb, "peer's record", chromedp.Navigate(base+"/#/incidents/"+r.ID),
		chromedp.WaitVisible(`#incident-origin[data-origin="`+peerOrigin+`"]`),
		chromedp.WaitVisible(`#origin-proof h2`))
	run(t, tb, "own record", chromedp.Navigate(base+"/#/incidents/"+own.ID),
		chromedp.WaitVisible(`#incident-origin[data-origin="`+n.app.Keys.Origin()+`"]`))
}
