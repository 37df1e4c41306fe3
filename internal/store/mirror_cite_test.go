package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/cite"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// entryCites returns the citations of entry seq of d's own log.
func entryCites(t *testing.T, d *DB, seq int64) []cite.Citation {
	t.Helper()
	var got []cite.Citation
	err := d.EntryRange(context.Background(), seq, seq+1, func(e *ledger.Entry, _ []byte) error {
		var err error
		got, err = cite.Extract(e.Kind, e.Payload)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// commitmentAt returns the commitment of entry seq of d's own log.
func commitmentAt(t *testing.T, d *DB, seq int64) cite.Citation {
	t.Helper()
	var c cite.Citation
	err := d.EntryRange(context.Background(), seq, seq+1, func(_ *ledger.Entry, canonical []byte) error {
		c = cite.Of(usOrigin, seq, ledger.Commitment(canonical))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestStatementsOnAPeersRecordCite checks that an own statement about a
// record a peer's node holds (an assessment of its report, an
// acknowledgement of its notification) is written citing the holder's
// entries (the record's first, and the version this node last applied),
// that a statement about an own record cites nothing, and that a payload
// citing an entry this node does not hold verified (never received, or
// another leaf hash) is refused with a 409 and writes nothing.
func TestStatementsOnAPeersRecordCite(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		us, ru := open(t), open(t)
		ru.CiteAs("ru.example/log")
		_, usSeq := openSequencer(t, us)
		_, ruSeq := openSequencer(t, ru)
		rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
		site := &notify.Site{Kind: notify.SiteKinds[0], Names: map[string]string{"en": "Clinic"},
			Location: []byte(`{"type":"Point","coordinates":[36.3,37.2]}`), BufferM: 300, Parties: []string{"ru"}}
		if _, err := usSeq.Append(ctx, reportChange("us", "inc_us", rel),
			ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-liaison", Kind: notify.KindSiteNotified,
				Subject: notify.Subject(notify.TypeSite, "site_us"), Release: rel,
				Payload: notify.Notified{ID: "site_us", Version: 1, Deadline: "2016-09-13T10:00:00Z", Site: site}}},
		); err != nil {
			t.Fatal(err)
		}
		if _, err := ruSeq.Append(ctx, reportChange("ru", "inc_ru", rel)); err != nil {
			t.Fatal(err)
		}
		mirrorWholeLog(t, us.Mirrors(), ru.Mirrors(), us, usOrigin)
		// us's own statement on the record after it: the holder's latest.
		if _, err := usSeq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-analyst", Kind: incidents.KindCommented,
			Subject: incidents.Subject("inc_us"), Release: rel, Payload: incidents.Commented{IncidentID: "inc_us", Text: "more"}}}); err != nil {
			t.Fatal(err)
		}
		mirrorLogFrom(t, ru.Mirrors(), us, usOrigin, 2)
		report, notice, comment := commitmentAt(t, us, 0), commitmentAt(t, us, 1), commitmentAt(t, us, 2)

		assess := ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-analyst", Kind: incidents.KindAssessed,
			Subject: incidents.Subject("inc_us"), Release: rel, Payload: incidents.Assessed{IncidentID: "inc_us", Party: "ru",
				Verdict: incidents.VerdictConfirmed, Reasoning: "seen", Status: incidents.StatusUnderReview}}}
		ack := ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-liaison", Kind: notify.KindSiteAcknowledged,
			Subject: notify.Subject(notify.TypeSite, "site_us"), Release: rel, Payload: notify.Response{ID: "site_us", Version: 1, Party: "ru"}}}
		own := ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-analyst", Kind: incidents.KindCommented,
			Subject: incidents.Subject("inc_ru"), Release: rel, Payload: incidents.Commented{IncidentID: "inc_ru", Text: "ours"}}}
		for _, tc := range []struct {
			name   string
			change ledger.Change
			want   []cite.Citation
		}{
			{"assessment of us's report", assess, []cite.Citation{report, comment}},
			{"acknowledgement of us's notification", ack, []cite.Citation{notice}},
			{"comment on ru's own report", own, nil},
		} {
			seqs, err := ruSeq.Append(ctx, tc.change)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got := entryCites(t, ru, seqs[0].Seq); !slices.Equal(got, tc.want) {
				t.Errorf("%s cites %v, want %v", tc.name, got, tc.want)
			}
		}

		wrong := report
		wrong.LeafHash = notice.LeafHash
		for _, tc := range []struct {
			name string
			c    cite.Citation
			want error
		}{
			{"never received", cite.Citation{Origin: usOrigin, Index: 9, LeafHash: report.LeafHash}, cite.ErrNotHeld},
			{"wrong leaf hash", wrong, cite.ErrWrongLeaf},
			{"unknown origin", cite.Citation{Origin: "xx.example/log", Index: 0, LeafHash: report.LeafHash}, cite.ErrNotHeld},
		} {
			size := ruSize(t, ru)
			_, err := ruSeq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-analyst", Kind: incidents.KindCommented,
				Subject: incidents.Subject("inc_ru"), Release: rel,
				Payload: map[string]any{"incident_id": "inc_ru", "text": "x", cite.Field: []cite.Citation{tc.c}}}})
			if !errors.Is(err, tc.want) || !errors.Is(err, fault.ErrConflict) || fault.ClientMessage(err) == "" {
				t.Errorf("%s: %v, want %v as a 409", tc.name, err, tc.want)
			}
			if got := ruSize(t, ru); got != size {
				t.Errorf("%s: the refused statement wrote (log size %d, was %d)", tc.name, got, size)
			}
		}
		// An own entry may be cited under the node's own origin.
		own0 := cite.Of("ru.example/log", 0, ledger.Commitment(mustCanonical(t, ru, 0)))
		if _, err := ruSeq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-analyst", Kind: incidents.KindCommented,
			Subject: incidents.Subject("inc_ru"), Release: rel,
			Payload: map[string]any{"incident_id": "inc_ru", "text": "x", cite.Field: []cite.Citation{own0}}}}); err != nil {
			t.Errorf("citing an own entry: %v", err)
		}
	})
}

func mustCanonical(t *testing.T, d *DB, seq int64) []byte {
	t.Helper()
	var out []byte
	if err := d.EntryRange(context.Background(), seq, seq+1, func(_ *ledger.Entry, c []byte) error { out = c; return nil }); err != nil || out == nil {
		t.Fatalf("entry %d: %v", seq, err)
	}
	return out
}
