package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserKeyboardAndRussian checks, in headless Chromium, that the
// keyboard reaches the main controls and the map's features (with a focus
// ring that shows on white and on the page background) and that Russian
// applies to labels, the map legend, dates and the API's field errors.
func TestBrowserKeyboardAndRussian(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.addAnalysts(t)
	n.seedMapRecords(t)
	n.seedOperations(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	us := tab(t, startBrowser(t))
	loginAPI(t, us, base, "us-liaison", "password-us")

	t.Run("tabbing reaches the controls and the map's features", func(t *testing.T) {
		run(t, us, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`#map .incident svg`),
			chromedp.WaitVisible(`#map path.site`), chromedp.WaitVisible(`#map path.zone`), chromedp.WaitVisible(`#time-slider`))
		// Record what each Tab focuses, starting from the top of the page.
		get(t, us, "listen", chromedp.Evaluate[bool](`(() => {
			window.__focus = [];
			document.addEventListener('focusin', (e) => {
				const el = e.target;
				const cls = typeof el.className === 'string' ? el.className : el.className.baseVal;
				window.__focus.push(el.id ? '#' + el.id : el.dataset.nav ? 'nav:' + el.dataset.nav : el.tagName.toLowerCase() + '.' + cls.trim().split(/\s+/).join('.'));
			});
			document.activeElement.blur();
			return true;
		})()`))
		tabs := make([]chromedp.Action[chromedp.Void], 90)
		for i := range tabs {
			tabs[i] = chromedp.KeyEvent(kb.Tab)
		}
		run(t, us, "tab", tabs...)
		focused := get(t, us, "focused", chromedp.Evaluate[[]string](`window.__focus`))
		seen := strings.Join(focused, " ")
		for _, want := range []string{"#skip", "#lang-select", "nav:/map", "nav:/incidents", "#map", "#layer-incidents",
			"#time-slider", "#time-window", ".incident.incident-reported", "path.site", "path.zone"} {
			if !strings.Contains(seen, want) {
				t.Errorf("Tab never reached %s; focus went to %v", want, focused)
			}
		}
		// The focus ring: near-black outline in a white halo.
		run(t, us, "focus layer toggle", chromedp.Focus(`#layer-incidents`))
		ring := get(t, us, "ring", chromedp.Evaluate[[]string](`(() => { const s = getComputedStyle(document.querySelector('#layer-incidents'));
			return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; })()`))
		if ring[0] != "solid" || ring[1] != "3px" || ring[2] != "rgb(11, 12, 12)" || !strings.Contains(ring[3], "rgb(255, 255, 255)") {
			t.Errorf("focus ring %q, want a 3px rgb(11, 12, 12) outline and a white halo", ring)
		}
		// Enter on a focused incident opens its popup.
		run(t, us, "open incident by keyboard", chromedp.Focus(`#map .incident`), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`.leaflet-popup .map-popup`))
		shot(t, us, dir, "41-map-keyboard-popup")
		get(t, us, "close", chromedp.Evaluate[bool](`(document.querySelector('.leaflet-popup-close-button').click(), true)`))
		run(t, us, "closed", chromedp.WaitNotPresent(`.leaflet-popup`))
		run(t, us, "open site by keyboard", chromedp.Focus(`#map path.site`), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`.leaflet-popup .map-popup`))
		if text := get(t, us, "site popup", chromedp.Text(`.leaflet-popup .map-popup`)); !strings.Contains(text, "Hospital") {
			t.Errorf("site popup %q", text)
		}
	})

	t.Run("Russian: labels, legend, dates and field errors", func(t *testing.T) {
		run(t, us, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`#map .incident svg`))
		get(t, us, "switch", chromedp.Evaluate[bool](`(() => { const s = document.getElementById('lang-select'); s.value = 'ru'; s.dispatchEvent(new Event('change')); return true })()`))
		run(t, us, "russian", chromedp.WaitVisible(`html[lang="ru"]`), chromedp.WaitVisible(`#map .incident svg`))
		if nav := get(t, us, "nav", chromedp.Text(`a[data-nav="/map"]`)); nav != "Карта" {
			t.Errorf("map navigation label %q in Russian", nav)
		}
		if legend := get(t, us, "legend", chromedp.Text(`#legend`)); !strings.Contains(legend, "Обстрел или ракетный удар") || !strings.Contains(legend, "Авиаудар") {
			t.Errorf("legend in Russian lacks the category names: %q", legend)
		}
		if title := get(t, us, "marker", chromedp.Evaluate[string](`document.querySelector('#map .incident').title`)); !strings.HasPrefix(title, "Обстрел или ракетный удар · ") {
			t.Errorf("marker title %q in Russian", title)
		}
		shot(t, us, dir, "42-map-ru")
		run(t, us, "log", chromedp.Navigate(base+"/#/log"), chromedp.WaitVisible(`#log-table tbody tr`))
		date := get(t, us, "date", chromedp.Text(`#log-table tbody tr td:nth-child(2)`))
		if !regexp.MustCompile(`^\d{1,2} [а-я]+\.? \d{4} г\., \d{2}:\d{2}:\d{2} UTC$`).MatchString(date) {
			t.Errorf("date %q is not in the Russian format (e.g. 6 дек. 2026 г., 23:19:43 UTC)", date)
		}
		run(t, us, "form", chromedp.Navigate(base+"/#/incidents/new"), chromedp.WaitVisible(`#report-form .picker-map`),
			chromedp.SetValue(`#report-form select[name=category]`, "shelling_missile"),
			chromedp.SendKeys(`#report-form textarea[name=narrative]`, "Обстрел в районе Алеппо."),
			chromedp.SetValue(`#report-form input[name=end]`, "2001-01-01T00:00"),
			chromedp.Click(`#report-form-submit`),
			chromedp.WaitVisible(`#report-form [data-field="time.end"] .field-error span`))
		if msg := get(t, us, "field error", chromedp.Text(`#report-form [data-field="time.end"] .field-error`)); msg != "Окончание должно быть позже начала." {
			t.Errorf("field error %q in Russian", msg)
		}
		legend := get(t, us, "audience legend", chromedp.Evaluate[string](`(() => { const f = document.querySelector('#report-form fieldset.audience');
			return f && f.querySelector('legend') && f.querySelectorAll('input[type=checkbox]').length ? f.querySelector('legend').textContent : ''; })()`))
		if legend == "" {
			t.Error("the audience checkboxes are not in a fieldset with a legend")
		}
		shot(t, us, dir, "43-report-ru")
		run(t, us, "scroll to audience", chromedp.ScrollIntoView(`#report-form fieldset.audience`))
		shot(t, us, dir, "43b-report-audience-ru")
	})
}
