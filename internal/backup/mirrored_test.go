package backup

import (
	"context"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/mirror"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// report is an incident.reported change by party.
func report(party, id string, rel access.Releasability) ledger.Change {
	r := incidents.Report{ID: id, Key: "k-" + id, Category: incidents.Categories[0],
		Time:     incidents.TimeSpan{Start: "2016-09-12T10:00:00Z", Precision: incidents.TimePrecisions[0]},
		Location: []byte(`{"type":"Point","coordinates":[36.2,37.1]}`), LocationPrecision: "exact",
		Narrative: "report " + id, Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
	return ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-reporter", Kind: incidents.KindReported,
		Subject: incidents.Subject(id), Release: rel, Payload: incidents.Reported{Incident: r}}}
}

// TestCopyKeepsMirroredRecords checks that a copy of a party node holds
// the records it mirrored from a peer in its tables, applied where the
// source applied them (an own assessment of the peer's report follows
// it), so that Verify finds the copy's tables identical.
func TestCopyKeepsMirroredRecords(t *testing.T) {
	ctx := context.Background()
	peer, src := openSQLite(t), openSQLite(t)
	_, peerSeq := openSequencer(t, peer)
	_, srcSeq := openSequencer(t, src)
	rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
	if _, err := srcSeq.Append(ctx, report("ru", "inc_own", rel)); err != nil {
		t.Fatal(err)
	}
	if _, err := peerSeq.Append(ctx, report("us", "inc_peer", rel)); err != nil {
		t.Fatal(err)
	}
	c := mirror.Chunk{Origin: "us.example/log", Checkpoint: []byte("note"), Complete: true, Time: time.Unix(0, 0), Root: tlog.Hash{1}}
	if err := peer.EntryRange(ctx, 0, 1<<40, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, ledger.Commitment(canonical))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	c.Size = int64(len(c.Commitments))
	if err := src.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := srcSeq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-analyst", Kind: incidents.KindAssessed,
		Subject: incidents.Subject("inc_peer"), Release: rel, Payload: incidents.Assessed{IncidentID: "inc_peer", Party: "ru",
			Verdict: incidents.VerdictConfirmed, Reasoning: "seen", Status: incidents.StatusUnderReview}}}); err != nil {
		t.Fatal(err)
	}
	dst := openOther(t)
	if err := Copy(ctx, src, dst, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, src, dst, nil); err != nil {
		t.Fatalf("verify the copy: %v", err)
	}
	in, err := dst.Incidents().Incident(ctx, nil, "inc_peer")
	if err != nil || in.Origin != "us.example/log" || in.Status != incidents.StatusUnderReview {
		t.Fatalf("the copy's mirrored incident: %+v, %v", in, err)
	}
}
