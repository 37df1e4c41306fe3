package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// TestEngineNotifyReceipts runs the notification records of issue 15 on
// every engine — receipts, passing on, queries and answers, a legacy
// refusal, reconfirmation, a withdrawal and its receipts, the site points
// of the quality checks, a site deliberately not notified and then notified — and checks that a replay rebuilds the same
// tables.
func TestEngineNotifyReceipts(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		acc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for _, p := range []accounts.NewParty{{ID: "un", Name: "un", Kind: "un"}, {ID: "us", Name: "us", Kind: "military", CoChair: true},
			{ID: "ru", Name: "ru", Kind: "military", CoChair: true}} {
			if _, err := acc.CreateParty(ctx, access.Public, p, true); err != nil {
				t.Fatal(err)
			}
		}
		who := func(party string) access.Principal {
			return access.Principal{UserID: "u-" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison,
				CoChair: party == "us" || party == "ru"}
		}
		ns := notify.NewService(notify.Deps{Store: db.Notify(), Log: seq, Parties: db.Access()})
		n, err := ns.NotifySite(ctx, who("un"), notify.SiteInput{Site: notify.Site{Kind: "hospital", Names: map[string]string{"en": "H"},
			Location: json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`), BufferM: 100, Parties: []string{"ru", "us"}}})
		if err != nil {
			t.Fatal(err)
		}
		must := func(_ *notify.Notice, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(ns.Acknowledge(ctx, who("ru"), notify.TypeSite, n.ID, 1))
		must(ns.PassOn(ctx, who("ru"), notify.TypeSite, n.ID, 1, "corps", time.Now().UTC().Format(time.RFC3339)))
		q, err := ns.RaiseQuery(ctx, who("us"), notify.TypeSite, n.ID, 1, "in the sea?")
		must(q, err)
		must(ns.AnswerQuery(ctx, who("un"), notify.TypeSite, n.ID, q.Queries[0].Seq, "no"))
		old := ledger.Draft{Party: "us", Author: "us-liaison", Kind: notify.KindSiteRefused, Subject: n.Subject(), Release: n.Release,
			Payload: &notify.Response{ID: n.ID, Version: 1, Party: "us", Reason: "disputed"}}
		if _, err := seq.Append(ctx, ledger.Change{Draft: old}); err != nil {
			t.Fatal(err)
		}
		must(ns.Reconfirm(ctx, who("un"), n.ID, -1, ""))
		if pts, err := db.Notify().(notify.SitePoints).ActiveSitePoints(ctx); err != nil || len(pts) != 1 || pts[0].ID != n.ID {
			t.Fatalf("active site points %+v, %v", pts, err)
		}
		w, err := ns.Cancel(ctx, who("un"), notify.TypeSite, n.ID, -1, "closed")
		must(w, err)
		must(ns.Acknowledge(ctx, who("us"), notify.TypeSite, n.ID, 2))
		got, err := ns.Get(ctx, who("un"), n.ID)
		if err != nil || len(got.Queries) != 2 || !got.Queries[1].Legacy || got.Ack("us").Status != notify.AckAcknowledged ||
			!got.Ack("ru").Withdrawal || got.Ack("ru").Status != notify.AckPending || got.ValidUntil == "" {
			t.Fatalf("after the flow: %+v %v", got, err)
		}
		// A site deliberately not notified, then notified by an update.
		wh, err := ns.NotifySite(ctx, who("un"), notify.SiteInput{Site: notify.Site{Kind: "clinic", Names: map[string]string{"en": "C"},
			Location: json.RawMessage(`{"type":"Point","coordinates":[37.3,36.2]}`), BufferM: 100, Withheld: true}})
		must(wh, err)
		if len(wh.Acks) != 0 || wh.Release.TLP != access.TLPAmberStrict {
			t.Fatalf("withheld site: %+v", wh)
		}
		must(ns.UpdateSite(ctx, who("un"), wh.ID, -1, notify.SiteInput{Site: notify.Site{Kind: "clinic", Names: map[string]string{"en": "C"},
			Location: json.RawMessage(`{"type":"Point","coordinates":[37.3,36.2]}`), BufferM: 100, Parties: []string{"ru"}}}))
		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		for _, table := range ProjectionTables() {
			a, err1 := db.DumpTable(ctx, table)
			b, err2 := replay.DumpTable(ctx, table)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Fatalf("%s differs after replay:\n%q\n%q", table, a, b)
			}
		}
	})
}
