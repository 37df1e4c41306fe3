package web_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserLocalDates checks, in English, Russian and Arabic, that the
// incident form's date and time and the map's range show and accept the
// chosen locale's format (day first, the locale's separators, Arabic-Indic
// digits in Arabic), that the calendar is drawn in that language and
// picks a day, that a date that does not exist is refused in place, and
// that what reaches the form (and so the API) is the machine value.
func TestBrowserLocalDates(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	cases := []struct {
		lang, typed, shown string
		month              *regexp.Regexp // the calendar's heading for July 2016
		digits             *regexp.Regexp // every digit of a shown date: the locale's (set below)
	}{
		{"en", "21/07/2016, 09:05", "21/07/2016, 09:05", regexp.MustCompile(`July 2016`), nil},
		{"ru", "21.07.2016 09:05", "21.07.2016, 09:05", regexp.MustCompile(`(?i)июль 2016`), nil},
		// Typed with Arabic-Indic digits; shown with the digits the
		// browser's Arabic locale writes.
		{"ar", "٢١/٠٧/٢٠١٦ ٠٩:٠٥", "", regexp.MustCompile(`يوليو`), nil},
	}
	digitRuns := regexp.MustCompile(`[0-9٠-٩]+`)
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			tb := tab(t, browser)
			loginAPI(t, tb, base, "us-liaison", "password-us")
			setLanguage(t, tb, tc.lang)
			text := `.ld:has(input[name="start"]) .ld-text`
			native := `document.querySelector('input[name="start"]').value`
			run(t, tb, "report form", chromedp.Navigate(fmt.Sprintf("%s/?%s#/incidents/new", base, tc.lang)), chromedp.WaitVisible(text))
			// The digits the locale writes, as the browser's Intl has them.
			locale := map[string]string{"en": "en-GB", "ru": "ru-RU", "ar": "ar"}[tc.lang]
			written := get(t, tb, "digits", chromedp.Evaluate[string](fmt.Sprintf(`new Intl.NumberFormat(%q, { useGrouping: false }).format(1234567890)`, locale)))
			tc.digits = regexp.MustCompile("^[" + regexp.QuoteMeta(written) + "]+$")
			if tc.shown == "" {
				tc.shown = get(t, tb, "expected", chromedp.Evaluate[string](fmt.Sprintf(`new Intl.DateTimeFormat(%q, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(Date.UTC(2016, 6, 21, 9, 5))`, locale)))
			}
			typeIn := func(step, sel, s string) {
				t.Helper()
				get(t, tb, "clear "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = ''; e.focus(); return true })()`, sel)))
				run(t, tb, step, chromedp.SendKeys(sel, s+kb.Tab))
			}
			for _, d := range digitRuns.FindAllString(get(t, tb, "default", chromedp.Value(text)), -1) {
				if !tc.digits.MatchString(d) {
					t.Errorf("the default date shows the digits %q, not the locale's", d)
				}
			}
			typeIn("type a date", text, tc.typed)
			if v := get(t, tb, "machine value", chromedp.Evaluate[string](native)); v != "2016-07-21T09:05" {
				t.Errorf("typing %q gives the form %q, want 2016-07-21T09:05", tc.typed, v)
			}
			if v := get(t, tb, "shown", chromedp.Value(text)); !regexp.MustCompile(regexp.QuoteMeta(tc.shown)).MatchString(v) {
				t.Errorf("the field shows %q, want it in the locale's format (%q)", v, tc.shown)
			}
			run(t, tb, "calendar", chromedp.Click(`.ld:has(input[name="start"]) .ld-pick`), chromedp.WaitVisible(`.ld-calendar`))
			if m := get(t, tb, "month", chromedp.Text(`.ld-calendar .ld-month`)); !tc.month.MatchString(m) {
				t.Errorf("the calendar is headed %q, want July 2016 in %s", m, tc.lang)
			}
			if d := get(t, tb, "day 22", chromedp.Text(`.ld-calendar [data-day="2016-07-22"]`)); !tc.digits.MatchString(d) {
				t.Errorf("the calendar writes the 22nd as %q", d)
			}
			shot(t, tb, screenshotDir(t), "96-dates-calendar-"+tc.lang)
			run(t, tb, "pick the 22nd", chromedp.Click(`.ld-calendar [data-day="2016-07-22"]`), chromedp.WaitNotPresent(`.ld-calendar`))
			if v := get(t, tb, "picked", chromedp.Evaluate[string](native)); v != "2016-07-22T09:05" {
				t.Errorf("picking the 22nd gives the form %q, want 2016-07-22T09:05", v)
			}
			typeIn("a day that does not exist", text, "31/02/2016 10:00")
			run(t, tb, "refusal shown", chromedp.WaitVisible(`.ld:has(input[name="start"]) .ld-error`))
			if v := get(t, tb, "refused", chromedp.Evaluate[string](native)); v != "2016-07-22T09:05" {
				t.Errorf("31 February changed the form's value to %q", v)
			}
			if inv := get(t, tb, "invalid", chromedp.Evaluate[string](`document.querySelector('.ld:has(input[name="start"]) .ld-text').getAttribute('aria-invalid') || ''`)); inv != "true" {
				t.Error("31 February is not marked invalid")
			}

			// The map's range: its dates are shown in the locale's format
			// and a date typed there sets the range.
			from := `.ld:has(#time-from) .ld-text`
			run(t, tb, "map", chromedp.Navigate(fmt.Sprintf("%s/?%s#/map", base, tc.lang)), chromedp.WaitVisible(from))
			day := map[string]string{"en": "01/07/2016", "ru": "01.07.2016", "ar": "٠١/٠٧/٢٠١٦"}[tc.lang]
			typeIn("type the range's start", from, day)
			waitFor(t, tb, "the range starts on 1 July 2016", `Number(document.getElementById('time-slider').dataset.start) === Date.parse('2016-07-01T00:00:00Z')`)
			for _, d := range digitRuns.FindAllString(get(t, tb, "range end", chromedp.Value(`.ld:has(#time-to) .ld-text`)), -1) {
				if !tc.digits.MatchString(d) {
					t.Errorf("the range's end shows the digits %q, not the locale's", d)
				}
			}
			shot(t, tb, screenshotDir(t), "97-dates-map-range-"+tc.lang)
		})
	}
}
