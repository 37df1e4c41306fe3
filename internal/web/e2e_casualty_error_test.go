package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCasualtyRangeError sends a report whose casualty range is
// reversed (at least 5, at most 2): the API's error about the row
// (casualties[0]) is shown under the row's numbers, not under its first
// field, "Outcome".
func TestBrowserCasualtyRangeError(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	us := tab(t, startBrowser(t))
	loginAPI(t, us, base, "us-liaison", "password-us")
	run(t, us, "form", chromedp.Navigate(base+"/#/incidents/new"), chromedp.WaitVisible(`#report-form .picker-map .leaflet-overlay-pane path`),
		chromedp.SetValue(`#report-form select[name=category]`, "shelling_missile"),
		chromedp.SendKeys(`#report-form textarea[name=narrative]`, "Shelling reported by our liaison."),
		chromedp.Click(`#report-form .picker-map`),
		chromedp.WaitVisible(`#report-form .picker-vertex`),
		chromedp.Click(`#add-casualty`),
		chromedp.SetValue(`#casualty-rows input[name=c_min]`, "5"),
		chromedp.SetValue(`#casualty-rows input[name=c_max]`, "2"),
		chromedp.SendKeys(`#casualty-rows input[name=c_source]`, "hospital"),
		chromedp.Click(`#report-form-submit`),
		chromedp.WaitVisible(`#casualty-rows .row > .field-error span`))
	if msg := get(t, us, "row error", chromedp.Text(`#casualty-rows .row > .field-error`)); strings.TrimSpace(msg) == "" {
		t.Error("no error under the casualty row's numbers")
	}
	if under := get(t, us, "outcome error", chromedp.Text(`#casualty-rows [data-field$=".outcome"] .field-error`)); under != "" {
		t.Errorf("the range error %q is shown under Outcome", under)
	}
}
