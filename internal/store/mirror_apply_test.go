package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/mirror"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/notify"
)

const usOrigin = "us.example/log"

// reportChange is an incident.reported change by party with rel.
func reportChange(party, id string, rel access.Releasability) ledger.Change {
	r := incidents.Report{ID: id, Key: "k-" + id, Category: incidents.Categories[0],
		Time:     incidents.TimeSpan{Start: "2016-09-12T10:00:00Z", Precision: incidents.TimePrecisions[0]},
		Location: []byte(`{"type":"Point","coordinates":[36.2,37.1]}`), LocationPrecision: "exact",
		Narrative: "report " + id, Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
	return ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-reporter", Kind: incidents.KindReported,
		Subject: incidents.Subject(id), Release: rel, Payload: incidents.Reported{Incident: r}}}
}

// mirrorWholeLog applies every entry of src's log, with content, to dst as
// one chunk of origin, as a verified mirror would.
func mirrorWholeLog(t *testing.T, src, dst mirror.Store, srcDB *DB, origin string) {
	t.Helper()
	mirrorLogFrom(t, dst, srcDB, origin, 0)
}

// mirrorLogFrom applies srcDB's entries from index start on to dst as one
// complete chunk of origin (dst already holding the first start).
func mirrorLogFrom(t *testing.T, dst mirror.Store, srcDB *DB, origin string, start int64) {
	t.Helper()
	ctx := context.Background()
	c := mirror.Chunk{Origin: origin, Checkpoint: []byte("note"), Complete: true, Time: time.Unix(0, 0), Start: start}
	err := srcDB.EntryRange(ctx, start, 1<<40, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, ledger.Commitment(canonical))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Size = start + int64(len(c.Commitments))
	c.Root = tlog.Hash{1}
	if err := dst.ApplyMirrorChunk(ctx, c); err != nil {
		t.Fatal(err)
	}
}

// TestMirroredEntriesProjected checks that a mirrored entry with content
// is applied to the projections at a local timeline position, labelled
// with its origin, visible only to its audience; that an own statement
// about it (an assessment) applies to it; that an own change of a record a
// peer holds is refused with a conflict naming the node, writing nothing;
// and that a rebuild from the log and the mirror gives the same tables.
func TestMirroredEntriesProjected(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		us, ru := open(t), open(t)
		_, usSeq := openSequencer(t, us)
		_, ruSeq := openSequencer(t, ru)
		amberUsRu := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
		if _, err := ruSeq.Append(ctx, reportChange("ru", "inc_ru", access.Releasability{TLP: access.TLPGreen})); err != nil {
			t.Fatal(err)
		}
		site := &notify.Site{Kind: notify.SiteKinds[0], Names: map[string]string{"en": "Clinic"},
			Location: []byte(`{"type":"Point","coordinates":[36.3,37.2]}`), BufferM: 300, Parties: []string{"ru"}}
		if _, err := usSeq.Append(ctx,
			reportChange("us", "inc_us", amberUsRu),
			ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-liaison", Kind: notify.KindSiteNotified,
				Subject: notify.Subject(notify.TypeSite, "site_us"), Release: amberUsRu,
				Payload: notify.Notified{ID: "site_us", Version: 1, Deadline: "2016-09-13T10:00:00Z", Site: site}}},
		); err != nil {
			t.Fatal(err)
		}
		var published []Applied
		mirrorWholeLog(t, us.Mirrors(), ru.MirrorsPublishing(func(a Applied) { published = append(published, a) }), us, usOrigin)

		in, err := ru.Incidents().Incident(ctx, nil, "inc_us")
		if err != nil {
			t.Fatal(err)
		}
		if in.Origin != usOrigin || in.N < MirrorBase || in.Seq < MirrorBase || in.Party != "us" || in.OriginIndex == nil || *in.OriginIndex != 0 {
			t.Fatalf("mirrored incident: origin %q n %d seq %d party %q", in.Origin, in.N, in.Seq, in.Party)
		}
		if len(published) != 1 || published[0].Origin != usOrigin || len(published[0].Entries) != 2 || published[0].Entries[0].Seq != 0 {
			t.Fatalf("published %+v, want the two entries of %s with their indexes there", published, usOrigin)
		}
		for _, tc := range []struct {
			viewer string
			want   []string
		}{{"ru", []string{"inc_ru", "inc_us"}}, {"un", []string{"inc_ru"}}} {
			got, err := ru.Incidents().Search(ctx, &incidents.Filter{Limit: 10}, tc.viewer)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, g := range got {
				ids = append(ids, g.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tc.want) {
				t.Errorf("%s sees %v, want %v", tc.viewer, ids, tc.want)
			}
		}

		// ru assesses us's report: its own statement, applied to the
		// mirrored record.
		if _, err := ruSeq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-analyst", Kind: incidents.KindAssessed,
			Subject: incidents.Subject("inc_us"), Release: amberUsRu, Payload: incidents.Assessed{IncidentID: "inc_us", Party: "ru",
				Verdict: incidents.VerdictConfirmed, Reasoning: "seen", Status: incidents.StatusUnderReview}}}); err != nil {
			t.Fatal(err)
		}
		// ru cancelling us's notification is refused: us's node holds it.
		size := ruSize(t, ru)
		_, err = ruSeq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-liaison", Kind: notify.KindSiteCancelled,
			Subject: notify.Subject(notify.TypeSite, "site_us"), Release: amberUsRu, Payload: notify.Cancelled{ID: "site_us", Reason: "gone"}}})
		if !errors.Is(err, ErrHeldByPeer) || !errors.Is(err, fault.ErrConflict) || fault.ClientMessage(err) == "" {
			t.Fatalf("cancelling a mirrored notification: %v, want a conflict naming its node", err)
		}
		if got := ruSize(t, ru); got != size {
			t.Fatalf("the refused change wrote: log size %d, was %d", got, size)
		}

		scratch, drop, err := ru.OpenScratch(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer drop()
		if err := Rebuild(ctx, ru, scratch, nil); err != nil {
			t.Fatal(err)
		}
		nonEmpty := 0
		for _, table := range ProjectionTables() {
			want, err := ru.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			got, err := scratch.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("table %s rebuilt:\n%v\nwant\n%v", table, got, want)
			}
			if len(want) > 0 {
				nonEmpty++
			}
		}
		if nonEmpty < 4 { // incidents, their reports and assessments, notices…
			t.Fatalf("only %d projection tables hold rows", nonEmpty)
		}
	})
}

func ruSize(t *testing.T, d *DB) int64 {
	t.Helper()
	var n int64
	if err := d.SQL.QueryRow(`SELECT count(*) FROM log_entries`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMirrorsApplyConcurrently checks that the mirrors of two peers,
// applying their chunks at the same time (one transaction each), give
// every applied entry its own timeline position and project all of them:
// on PostgreSQL two transactions could otherwise both number from the same
// end of the timeline.
func TestMirrorsApplyConcurrently(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		dst := open(t)
		const perPeer = 12
		chunks := map[string][]mirror.Chunk{}
		for _, party := range []string{"us", "ru"} {
			src := open(t)
			_, seq := openSequencer(t, src)
			for i := range perPeer {
				if _, err := seq.Append(ctx, reportChange(party, fmt.Sprintf("inc_%s_%d", party, i), access.Releasability{TLP: access.TLPGreen})); err != nil {
					t.Fatal(err)
				}
			}
			origin := party + ".example/log"
			err := src.EntryRange(ctx, 0, perPeer, func(e *ledger.Entry, canonical []byte) error {
				chunks[origin] = append(chunks[origin], mirror.Chunk{Origin: origin, Start: e.Seq, Commitments: []tlog.Hash{ledger.Commitment(canonical)},
					Contents: []mirror.Content{{Seq: e.Seq, Canonical: canonical}}, Checkpoint: []byte("note"), Size: e.Seq + 1, Complete: true, Time: time.Unix(0, 0)})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2*perPeer)
		for _, cs := range chunks {
			wg.Go(func() {
				for _, c := range cs {
					if err := dst.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("a mirror's chunk: %v", err)
		}
		var n, distinct int
		if err := dst.SQL.QueryRow(`SELECT count(*), count(DISTINCT pos) FROM local_mirror_applied`).Scan(&n, &distinct); err != nil {
			t.Fatal(err)
		}
		var projected int
		if err := dst.SQL.QueryRow(`SELECT count(*) FROM incidents WHERE origin <> ''`).Scan(&projected); err != nil {
			t.Fatal(err)
		}
		if n != 2*perPeer || distinct != n || projected != n {
			t.Fatalf("%d applied, %d positions, %d projected; want %d of each", n, distinct, projected, 2*perPeer)
		}
	})
}

// TestMirroredChangeReachesACachedRead: a peer's change to a record this
// node has already read (and so holds in its read cache) shows at the next
// read, though it comes with no own log entry for the cache to follow.
func TestMirroredChangeReachesACachedRead(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		us, ru := open(t), open(t)
		_, usSeq := openSequencer(t, us)
		openSequencer(t, ru)
		rel := access.Releasability{TLP: access.TLPGreen}
		if _, err := usSeq.Append(ctx, reportChange("us", "inc_us", rel)); err != nil {
			t.Fatal(err)
		}
		mirrorLogFrom(t, ru.Mirrors(), us, usOrigin, 0)
		read := func() *incidents.Incident {
			in, err := ru.Incidents().Incident(ctx, nil, "inc_us")
			if err != nil {
				t.Fatal(err)
			}
			page, err := ru.Incidents().Search(ctx, &incidents.Filter{Limit: 10}, "ru")
			if err != nil || len(page) != 1 || page[0].Status != in.Status || page[0].Origin != usOrigin || in.Origin != usOrigin {
				t.Fatalf("the page disagrees with the record, or either lost the origin: %v %+v, record status %q origin %q", err, page, in.Status, in.Origin)
			}
			return in
		}
		if in := read(); len(in.Assessments) != 0 {
			t.Fatalf("assessments before: %+v", in.Assessments)
		}
		size := ruSize(t, us)
		if _, err := usSeq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-analyst", Kind: incidents.KindAssessed,
			Subject: incidents.Subject("inc_us"), Release: rel, Payload: incidents.Assessed{IncidentID: "inc_us", Party: "us",
				Verdict: incidents.VerdictConfirmed, Reasoning: "seen", Status: incidents.StatusUnderReview}}}); err != nil {
			t.Fatal(err)
		}
		mirrorLogFrom(t, ru.Mirrors(), us, usOrigin, size)
		if in := read(); len(in.Assessments) != 1 || in.Status != incidents.StatusUnderReview {
			t.Fatalf("after us's assessment was mirrored, ru reads %d assessments, status %q", len(in.Assessments), in.Status)
		}
	})
}
