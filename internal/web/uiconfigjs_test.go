package web_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/zones"
)

// testUIConfigJS checks, in the browser (ctx shows a page of a node's UI),
// that the UI builds subjects and picks kinds from what the node serves
// (uiconfig.js): each subject as its domain's constructor builds it, no
// subject for a type the node does not serve, the one kind of a one-kind
// group, and the queues listening for every status change of their records,
// clearing of an alert included. TestBrowser runs it.
func testUIConfigJS(t *testing.T, ctx context.Context) {
	subjects := mustJSON(t, []string{incidents.Subject("x"), zones.Subject("x"), notify.Subject(notify.TypeSite, "x"),
		notify.Subject(notify.TypeMovement, "x"), alerts.Subject("x"), hotline.Subject("x"),
		flights.PlanSubject("x"), flights.ReservationSubject("x"), flights.ConflictSubject("x")})
	queueKinds := slices.Concat([]string{incidents.KindReported, incidents.KindAssessed, incidents.KindReopened}, notify.EntryKinds(),
		alerts.EntryKinds(), hotline.EntryKinds())
	slices.Sort(queueKinds)
	for _, tc := range []struct{ name, expr, want string }{
		{"subjects built from the prefixes served",
			`JSON.stringify(['incident', 'zone', 'site', 'movement', 'alert', 'message', 'flightplan', 'reservation', 'conflict'].map((k) => u.subjectOf(k, 'x')))`,
			subjects},
		{"no subject for a type not served", `(() => { try { return u.subjectOf('nonsense', 'x'); } catch (e) { return 'refused'; } })()`, `refused`},
		{"one kind only of a one-kind group", `JSON.stringify([u.entryKind('incidents', 'report'), u.entryKind('zones', 'all'), u.entryKind('nonsense', 'all')])`,
			mustJSON(t, []string{incidents.KindReported, "", ""})},
		{"an unknown group is empty", `JSON.stringify(u.entryKinds('zones', 'nonsense'))`, `[]`},
		{"the queues listen for the kinds they need", `JSON.stringify([...q.kinds()].sort())`, mustJSON(t, queueKinds)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := get(t, ctx, tc.name, chromedp.Evaluate[string](`(async () => {
				const u = await import('/static/js/uiconfig.js');
				const q = await import('/static/js/queues.js');
				await u.ready();
				return `+tc.expr+`;
			})()`, chromedp.EvalAwaitPromise))
			if got != tc.want {
				t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
			}
		})
	}
}

// mustJSON returns v as JSON.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
