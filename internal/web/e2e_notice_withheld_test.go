package web_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/fault"
	"truce/internal/notify"
)

// TestBrowserNoticeWithheldAndReconfirm drives, in English, Russian and
// Arabic, the two notice pieces no other browser test covers: the site
// form's "deliberately not notified" checkbox (the site is recorded to its
// organisation alone, its page says so, and no party can read it) and the
// reconfirm button of a site whose validity ends within the reconfirmation
// lead (clicked, the site is valid for the default period and the button
// goes).
func TestBrowserNoticeWithheldAndReconfirm(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	un, ru := n.principalOf(t, "un-liaison"), n.principalOf(t, "ru-liaison")
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "un-liaison", "password-un")
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`

	for i, lang := range []string{"en", "ru", "ar"} {
		tr := i18nTable(t, lang)
		dir := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"]
		run(t, tb, "home", chromedp.Navigate(base+"/#/notifications"), chromedp.WaitVisible(`#lang-select`))
		get(t, tb, "switch to "+lang, chromedp.Evaluate[bool](fmt.Sprintf(setLang, lang)))
		run(t, tb, "form in "+lang, chromedp.WaitVisible(`html[lang="`+lang+`"][dir="`+dir+`"]`),
			chromedp.Navigate(base+"/#/notifications/new/site"), chromedp.WaitVisible(`#notice-form .picker-map .leaflet-overlay-pane path`))
		if label := get(t, tb, "checkbox label", chromedp.Evaluate[string](`document.getElementById('notice-withheld-box').closest('label').textContent`)); !strings.Contains(label, tr["notice.withhold"]) {
			t.Errorf("%s: checkbox label %q lacks %q", lang, label, tr["notice.withhold"])
		}
		point := fmt.Sprintf(`{"type":"Point","coordinates":[%.2f,36.20]}`, 37.10+0.05*float64(i))
		get(t, tb, "location", chromedp.Evaluate[bool](`(() => { const a = document.querySelector('#notice-form textarea.picker-text');
			a.value = '`+point+`'; a.dispatchEvent(new Event('change')); return true })()`))
		run(t, tb, "withhold in "+lang, chromedp.WaitVisible(`#notice-form .picker-vertex`),
			chromedp.SendKeys(`#notice-form input[name=name_en]`, "Field clinic "+lang),
			chromedp.Click(`#notice-withheld-box`), chromedp.Click(`#notice-form-submit`),
			chromedp.WaitVisible(`#notice-withheld`))
		if hint := get(t, tb, "withheld shown", chromedp.Text(`#notice-withheld`)); hint != tr["notice.withheld_hint"] {
			t.Errorf("%s: the notice reads %q, want %q", lang, hint, tr["notice.withheld_hint"])
		}
		if rows := get(t, tb, "no receipts", chromedp.Evaluate[int](`document.querySelectorAll('#notice-acks tbody tr').length`)); rows != 0 {
			t.Errorf("%s: a withheld site shows %d receipt rows", lang, rows)
		}
		hash := get(t, tb, "id", chromedp.Evaluate[string](`location.hash`))
		id := hash[strings.LastIndex(hash, "/")+1:]
		s, err := n.app.Notify.Get(ctx, un, id)
		if err != nil || s.Site == nil || !s.Site.Withheld || len(s.Site.Parties) != 0 || fmt.Sprint(s.Release.Audience) != "[un]" {
			t.Fatalf("%s: the form recorded %+v, %v", lang, s, err)
		}
		if _, err := n.app.Notify.Get(ctx, ru, id); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("%s: ru reads the withheld site: %v", lang, err)
		}

		// A site due for reconfirmation: valid for a week more.
		due, err := n.app.Notify.NotifySite(ctx, un, notify.SiteInput{Site: notify.Site{Kind: "school", Names: map[string]string{"en": "School " + lang},
			Location: json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%.2f,36.30]}`, 37.10+0.05*float64(i))), BufferM: 100,
			Parties: []string{"ru"}}, ValidUntil: time.Now().Add(7 * 24 * time.Hour).UTC().Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		run(t, tb, "due in "+lang, chromedp.Navigate(base+"/#/notifications/sites/"+due.ID), chromedp.WaitVisible(`#notice-reconfirm`))
		if v := get(t, tb, "validity", chromedp.Text(`#notice-validity`)); !strings.Contains(v, tr["notice.reconfirm_due"]) ||
			!strings.Contains(v, tr["notice.reconfirm"]) {
			t.Errorf("%s: validity reads %q", lang, v)
		}
		run(t, tb, "reconfirm in "+lang, chromedp.Click(`#notice-reconfirm`), chromedp.WaitVisible(`#notice-reconfirm-yes`),
			chromedp.Click(`#notice-reconfirm-yes`), chromedp.WaitNotPresent(`#notice-reconfirm`), chromedp.WaitVisible(`#flash`))
		// The page redraws itself from the stream too: read it whole once settled.
		waitFor(t, tb, "reconfirmed", fmt.Sprintf(`!document.querySelector('#notice-validity').textContent.includes(%q)`, tr["notice.reconfirm_due"]))
		after, err := n.app.Notify.Get(ctx, un, due.ID)
		if vu, perr := time.Parse(time.RFC3339Nano, after.ValidUntil); err != nil || perr != nil || time.Until(vu) < 80*24*time.Hour || after.ReconfirmDue {
			t.Errorf("%s: after reconfirming, valid until %q (due %v): %v %v", lang, after.ValidUntil, after.ReconfirmDue, err, perr)
		}
		if i == 2 {
			shot(t, tb, screenshotDir(t), "48-notice-reconfirmed-ar")
		}
	}
}
