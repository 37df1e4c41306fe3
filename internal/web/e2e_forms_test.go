package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/incidents"
)

// testUntestedForms covers forms no other browser test drives: notifying
// a movement (it appears in the list), the gazetteer search
// of the report form (typing "Tadmur" finds Palmyra and fills the
// location) and the assessment form refused with 412 when the incident
// changed after the analyst started (n has the analysts of addAnalysts;
// us is signed in as us-liaison).
func testUntestedForms(t *testing.T, n *e2eNode, browser, us context.Context, dir string) {
	base := n.srv.URL

	t.Run("notify a movement through the form", func(t *testing.T) {
		un := tab(t, browser)
		loginAPI(t, un, base, "un-liaison", "password-un")
		run(t, un, "form", chromedp.Navigate(base+"/#/notifications/new/movement"), chromedp.WaitVisible(`#notice-form .picker-map .leaflet-overlay-pane path`))
		get(t, un, "route", chromedp.Evaluate[bool](`(() => { const a = document.querySelector('#notice-form textarea.picker-text');
			a.value = '{"type":"LineString","coordinates":[[36.72,34.73],[37.16,36.2]]}';
			a.dispatchEvent(new Event('change')); return true })()`))
		run(t, un, "notify", chromedp.WaitVisible(`#notice-form .picker-vertex`),
			chromedp.SendKeys(`#notice-form input[name=origin]`, "Homs warehouse"),
			chromedp.SendKeys(`#notice-form input[name=destination]`, "Aleppo east"),
			chromedp.Click(`#notice-form-submit`), chromedp.WaitVisible(`#notice-acks`))
		run(t, un, "listed", chromedp.Navigate(base+"/#/notifications"), chromedp.WaitVisible(`#notice-list table`))
		if list := get(t, un, "list", chromedp.Text(`#notice-list`)); !strings.Contains(list, "Homs warehouse → Aleppo east") {
			t.Errorf("notifications list %q lacks the movement", list)
		}
	})

	t.Run("gazetteer search in the report form", func(t *testing.T) {
		run(t, us, "form", chromedp.Navigate(base+"/#/incidents/new"), chromedp.WaitVisible(`#report-form .picker-map .leaflet-overlay-pane path`),
			chromedp.SendKeys(`#place-search`, "Tadmur"), chromedp.WaitVisible(`#place-results button[data-place]`))
		// GeoNames 163808 is Palmyra, whose name in the gazetteer is its
		// Arabic one, Tadmur.
		run(t, us, "Palmyra offered", chromedp.WaitVisible(`#place-results button[data-place="163808"]`))
		shot(t, us, dir, "63-gazetteer")
		run(t, us, "pick Palmyra", chromedp.Click(`#place-results button[data-place="163808"]`),
			chromedp.WaitVisible(`#report-form .picker-vertex`), chromedp.WaitNotPresent(`#place-results li`))
		if name := get(t, us, "place name", chromedp.Value(`#report-form input[name=place_name]`)); name != "Tadmur" {
			t.Errorf("place name %q, want Tadmur", name)
		}
		var g struct {
			Type        string     `json:"type"`
			Coordinates [2]float64 `json:"coordinates"`
		}
		if err := json.Unmarshal([]byte(get(t, us, "location", chromedp.Value(`#report-form textarea.picker-text`))), &g); err != nil {
			t.Fatalf("location: %v", err)
		}
		if g.Type != "Point" || g.Coordinates[0] < 38.1 || g.Coordinates[0] > 38.4 || g.Coordinates[1] < 34.4 || g.Coordinates[1] > 34.7 {
			t.Errorf("location %+v is not Palmyra's (38.27 E, 34.56 N)", g)
		}
		if p := get(t, us, "precision", chromedp.Value(`#report-form select[name=location_precision]`)); p != "town" {
			t.Errorf("location precision %q, want town", p)
		}
	})

	t.Run("assessment refused when the incident changed meanwhile", func(t *testing.T) {
		ctx := context.Background()
		loc := json.RawMessage(`{"type":"Point","coordinates":[36.72,34.73]}`)
		in, _, err := n.app.Incidents.Report(ctx, n.principalOf(t, "us-liaison"), &incidents.NewIncident{Category: incidents.CategoryShelling,
			Time:     incidents.TimeSpan{Start: time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339), Precision: "hour"},
			Location: loc, LocationPrecision: "1km", PlaceName: "Homs", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
			Narrative: "Shelling reported in Homs.", Releasability: &access.Releasability{TLP: access.TLPGreen}})
		if err != nil {
			t.Fatalf("report: %v", err)
		}
		usA := tab(t, browser)
		loginAPI(t, usA, base, "us-analyst", "password-us-analyst")
		run(t, usA, "start assessing", chromedp.Navigate(fmt.Sprintf("%s/#/incidents/%s", base, in.ID)), chromedp.WaitVisible(`#assess-form`),
			chromedp.SetValue(`#assess-form select[name=verdict]`, "confirmed"),
			chromedp.SendKeys(`#assess-form textarea[name=reasoning]`, "Our monitors heard the impacts."))
		// ru's analyst assesses first: us's page shows it live but keeps
		// the form the analyst started, with the version it was read at.
		if _, err := n.app.Incidents.Assess(ctx, n.principalOf(t, "ru-analyst"), in.ID, in.Seq, incidents.VerdictRejected, "No trace of it."); err != nil {
			t.Fatalf("ru assesses: %v", err)
		}
		run(t, usA, "ru's verdict live", chromedp.WaitVisible(`#assessments .assessment[data-party="ru"].verdict-rejected`))
		if r := get(t, usA, "kept", chromedp.Value(`#assess-form textarea[name=reasoning]`)); r != "Our monitors heard the impacts." {
			t.Errorf("the started reasoning was lost on the live update: %q", r)
		}
		run(t, usA, "stale", chromedp.Click(`#assess-form-submit`), chromedp.WaitVisible(`#assess-form .form-error .stale`))
		if msg := get(t, usA, "message", chromedp.Text(`#assess-form .form-error`)); !strings.Contains(msg, "Changed by someone else") {
			t.Errorf("412 message %q", msg)
		}
		shot(t, usA, dir, "64-assess-stale")
		run(t, usA, "reload and assess", chromedp.Click(`#assess-form [data-reload]`), chromedp.WaitNotPresent(`#assess-form .stale`),
			chromedp.SetValue(`#assess-form select[name=verdict]`, "confirmed"),
			chromedp.SendKeys(`#assess-form textarea[name=reasoning]`, "Our monitors heard the impacts."),
			chromedp.Click(`#assess-form-submit`), chromedp.WaitVisible(`#assessments .assessment[data-party="us"].verdict-confirmed`),
			chromedp.WaitVisible(`#incident-status[data-status="disputed"]`))
	})
}
