package web_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/zones"
)

// TestBrowserOriginLabelOnRecords checks, in English, Russian and Arabic,
// that a record of another kind than incidents (a zone) that a peer's node
// created says so on the list and on its page: its origin in the list's
// origin column and "logged by node …" on the record, beside this node's
// own records labelled with its own origin.
func TestBrowserOriginLabelOnRecords(t *testing.T) {
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
	green := access.Releasability{TLP: access.TLPGreen}
	spec := zones.Spec{ZoneID: "zon_peer_origin", Version: 1, Action: zones.ActionDefine, Kind: zones.KindCeasefireArea, Name: "Peer zone",
		EffectiveFrom: time.Now().Add(-time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339),
		Geometry:      []byte(`{"type":"MultiPolygon","coordinates":[[[[37,36],[37.1,36],[37.1,36.1],[37,36]]]]}`)}
	if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-liaison", Kind: zones.KindProposed,
		Subject: zones.Subject(spec.ZoneID), Release: green, Payload: zones.Proposed{Version: spec, Release: green}}}); err != nil {
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
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "ru-liaison", "password-ru")
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
	for _, tc := range []struct{ lang, phrase string }{{"en", "logged by node"}, {"ru", "записано узлом"}, {"ar", "سجّلته العقدة"}} {
		run(t, tb, tc.lang+" list", chromedp.Navigate(base+"/#/zones"), chromedp.WaitVisible(`#lang-select`))
		get(t, tb, tc.lang, chromedp.Evaluate[bool](fmt.Sprintf(setLang, tc.lang)))
		run(t, tb, tc.lang+" list labels", chromedp.WaitVisible(`html[lang="`+tc.lang+`"]`),
			chromedp.WaitVisible(`td [data-origin="`+peerOrigin+`"]`))
		run(t, tb, tc.lang+" record", chromedp.Navigate(base+"/#/zones/"+spec.ZoneID),
			chromedp.WaitVisible(`.record-origin[data-origin="`+peerOrigin+`"]`))
		if text := get(t, tb, tc.lang+" phrase", chromedp.Text(`.record-origin`)); !strings.Contains(text, tc.phrase) || !strings.Contains(text, peerOrigin) {
			t.Errorf("%s: the zone page says %q, want %q and %s", tc.lang, text, tc.phrase, peerOrigin)
		}
	}
}
