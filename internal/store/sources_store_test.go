package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/sources"
	"truce/internal/sources/extract"
)

// TestEngineSources appends the entries of the sources domain on every
// engine and checks what the store returns: a source with its drafts,
// found again by URL or content (per party), the queue pre-filtered for
// the viewer and paged by keyset, decisions and duplicate decisions (a
// later one replacing an earlier), feed polls; then that a replay
// rebuilds the same tables.
func TestEngineSources(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		st := db.Sources()
		amber := access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}
		app := func(kind, subject string, rel access.Releasability, payload any) {
			t.Helper()
			if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-analyst", Kind: kind,
				Subject: subject, Release: rel, Payload: payload}}); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
		}
		day := time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)
		draft := func(id string) sources.ProposedDraft {
			return sources.ProposedDraft{ID: id, Draft: extract.Draft{Category: "air_strike", Trigger: "strikes",
				Time: extract.Interval{Start: day, End: day.AddDate(0, 0, 1), Precision: extract.TimeDay}, Spans: []extract.Span{{Start: 0, End: 10}}}}
		}
		app(sources.KindSubmitted, sources.SourceSubject("src_a"), amber, &sources.Submitted{ID: "src_a",
			Meta:   sources.Meta{URL: "https://wire.example/a", SHA256: strings.Repeat("a", 64), TextSHA256: strings.Repeat("a", 64), Lang: "en"},
			Drafts: []sources.ProposedDraft{draft("drf_a1"), draft("drf_a2")}})
		app(sources.KindSubmitted, sources.SourceSubject("src_b"), access.Releasability{TLP: access.TLPGreen}, &sources.Submitted{ID: "src_b",
			Meta:   sources.Meta{SHA256: strings.Repeat("b", 64), TextSHA256: strings.Repeat("b", 64), Lang: "en"},
			Drafts: []sources.ProposedDraft{draft("drf_b1")}})

		src, err := st.Source(ctx, nil, "src_a")
		if err != nil || len(src.Drafts) != 2 || src.Drafts[0].Status != sources.StatusPending || src.URL != "https://wire.example/a" {
			t.Fatalf("source a: %+v, %v", src, err)
		}
		for _, c := range []struct{ party, url, sha, want string }{
			{"us", "https://wire.example/a", "x", "src_a"},
			{"us", "", strings.Repeat("b", 64), "src_b"},
			{"ru", "https://wire.example/a", strings.Repeat("a", 64), ""},
			{"us", "", "x", ""},
		} {
			id, err := st.SourceByContent(ctx, nil, c.party, c.url, c.sha)
			if id != c.want || (c.want == "" && !errors.Is(err, fault.ErrNotFound)) {
				t.Errorf("SourceByContent(%s, %q, %.8s) = %q, %v; want %q", c.party, c.url, c.sha, id, err, c.want)
			}
		}
		queue := func(viewer string, after *sources.Cursor, limit int) []string {
			t.Helper()
			ds, err := st.DraftsAfter(ctx, sources.DraftFilter{Status: sources.StatusPending}, viewer, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, d := range ds {
				ids = append(ids, d.ID)
			}
			return ids
		}
		if got := strings.Join(queue("us", nil, 10), ","); got != "drf_b1,drf_a2,drf_a1" {
			t.Fatalf("us's queue %s", got)
		}
		if got := strings.Join(queue("ru", nil, 10), ","); got != "drf_b1" {
			t.Fatalf("ru's queue %s; want only the GREEN draft", got)
		}
		b1, _ := st.Draft(ctx, nil, "drf_b1")
		if got := strings.Join(queue("us", &sources.Cursor{Seq: b1.N, ID: b1.ID}, 1), ","); got != "drf_a2" {
			t.Fatalf("us's queue after b1, 1: %s", got)
		}

		app(sources.KindDraftDiscarded, sources.DraftSubject("drf_a1"), amber, &sources.Discarded{DraftID: "drf_a1", Reason: "past event"})
		app(sources.KindDuplicateLinked, sources.DraftSubject("drf_a2"), amber, &sources.DuplicateDecided{DraftID: "drf_a2", IncidentID: "inc_1", Score: 0.8, Reasons: []string{"same place"}})
		app(sources.KindDuplicateDismissed, sources.DraftSubject("drf_a2"), amber, &sources.DuplicateDecided{DraftID: "drf_a2", IncidentID: "inc_1", Score: 0.8, Reasons: []string{"same place"}})
		app(sources.KindDraftAccepted, sources.DraftSubject("drf_a2"), amber, &sources.Accepted{DraftID: "drf_a2", IncidentID: "inc_2", Reliability: "B", Credibility: 2})
		a1, _ := st.Draft(ctx, nil, "drf_a1")
		a2, _ := st.Draft(ctx, nil, "drf_a2")
		if a1.Status != sources.StatusDiscarded || a1.Decision == nil || a1.Decision.Reason != "past event" || a1.Decision.By != "us-analyst" {
			t.Fatalf("discarded draft %+v", a1)
		}
		if a2.Status != sources.StatusAccepted || a2.IncidentID != "inc_2" || len(a2.Duplicates) != 1 || a2.Duplicates[0].Decision != sources.DuplicateDismissed {
			t.Fatalf("accepted draft %+v", a2)
		}
		if got := strings.Join(queue("us", nil, 10), ","); got != "drf_b1" {
			t.Fatalf("us's queue after the decisions: %s", got)
		}

		app(sources.KindFeedRegistered, sources.FeedSubject("feed_1"), amber, &sources.FeedRegistered{ID: "feed_1", URL: "https://wire.example/rss", IntervalSeconds: 60})
		app(sources.KindFeedPolled, sources.FeedSubject("feed_1"), amber, &sources.FeedPolled{ID: "feed_1", Polled: "2026-03-12T10:00:00Z", New: 3})
		app(sources.KindFeedPolled, sources.FeedSubject("feed_1"), amber, &sources.FeedPolled{ID: "feed_1", Polled: "2026-03-12T11:00:00Z", Error: "cut"})
		f, err := st.Feed(ctx, nil, "feed_1")
		if err != nil || f.Items != 3 || f.LastError != "cut" || f.LastPolled != "2026-03-12T11:00:00Z" || f.URL != "https://wire.example/rss" {
			t.Fatalf("feed %+v, %v", f, err)
		}

		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"sources", "source_drafts", "source_draft_duplicates", "source_feeds"} {
			x, err := db.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			y, err := replay.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(x, "\n") != strings.Join(y, "\n") || len(x) == 0 {
				t.Fatalf("%s differs after replay:\n%q\n%q", table, x, y)
			}
		}
	})
}
