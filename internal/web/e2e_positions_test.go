package web_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/notify"
	"truce/internal/testwait"
)

// TestBrowserMovementPositions: a movement under way posts its position;
// the notified party's map shows it as a marker labelled with its age,
// and moves it when the next position arrives over the stream without
// asking the API again; a co-chair that sees the movement's route but was
// not notified sees no marker.
func TestBrowserMovementPositions(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	un := n.principalOf(t, "un-liaison")
	start := time.Now().Add(2 * time.Second).UTC().Truncate(time.Second).Add(time.Second)
	mov, err := n.app.Notify.NotifyMovement(ctx, un, notify.MovementInput{Movement: notify.Movement{
		Route:    json.RawMessage(`{"type":"LineString","coordinates":[[37.0,36.1],[37.3,36.2]]}`),
		Window:   notify.Window{Start: start.Format(time.RFC3339), End: start.Add(2 * time.Hour).Format(time.RFC3339)},
		Vehicles: 3, Cargo: "food", Parties: []string{"ru"}}})
	if err != nil {
		t.Fatal(err)
	}
	testwait.For(t, 10*time.Second, "the movement's window to start", func() bool { return time.Now().After(start) })
	report := func(lat, lon float64) {
		t.Helper()
		if _, err := n.app.Notify.ReportPositions(ctx, un, mov.ID, []notify.PositionReport{
			{Time: time.Now().UTC().Format(time.RFC3339Nano), Lat: lat, Lon: lon}}); err != nil {
			t.Fatal(err)
		}
	}
	report(36.12, 37.05)
	legend := i18nTable(t, "en")["legend.movement_position"]
	base := n.srv.URL
	browser := startBrowser(t)

	ru := tab(t, browser)
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	run(t, ru, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`path.movement-position`),
		chromedp.WaitVisible(`.movement-position-age`))
	// The layer redraws its markers as positions and time pass: read the
	// age once a drawn tooltip has its text.
	var age string
	testwait.For(t, 10*time.Second, "the marker's age", func() bool {
		age = get(t, ru, "age", chromedp.Evaluate[string](`(document.querySelector('.movement-position-age') || {}).textContent || ''`))
		return age != ""
	})
	if !strings.Contains(age, "sec") && !strings.Contains(age, "now") && !strings.Contains(age, "min") {
		t.Errorf("the marker's age reads %q", age)
	}
	if l := get(t, ru, "legend", chromedp.Text(`#legend`)); !strings.Contains(l, legend) {
		t.Errorf("legend %q lacks %q", l, legend)
	}
	where := `document.querySelector('path.movement-position').getAttribute('d')`
	before := get(t, ru, "marker", chromedp.Evaluate[string](where))
	get(t, ru, "count requests", chromedp.Evaluate[bool](`(() => { window.positionFetches = 0; const f = window.fetch;
		window.fetch = (...a) => { if (String(a[0]).includes('/positions')) window.positionFetches++; return f(...a); }; return true })()`))
	report(36.18, 37.25)
	testwait.For(t, 10*time.Second, "the marker to move", func() bool { return get(t, ru, "marker", chromedp.Evaluate[string](where)) != before })
	if k := get(t, ru, "requests", chromedp.Evaluate[int](`window.positionFetches`)); k != 0 {
		t.Errorf("the layer asked the API %d times for a position the stream brought", k)
	}
	if markers := get(t, ru, "markers", chromedp.Evaluate[int](`document.querySelectorAll('path.movement-position').length`)); markers != 1 {
		t.Errorf("%d markers for one movement", markers)
	}
	shot(t, ru, screenshotDir(t), "49-movement-position")

	us := tab(t, browser)
	loginAPI(t, us, base, "us-liaison", "password-us")
	run(t, us, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`path.movement`))
	testwait.For(t, 10*time.Second, "the positions layer to load", func() bool {
		return strings.Contains(get(t, us, "legend", chromedp.Text(`#legend`)), legend)
	})
	if markers := get(t, us, "markers", chromedp.Evaluate[int](`document.querySelectorAll('.movement-position').length`)); markers != 0 {
		t.Errorf("us, not notified, sees %d position markers", markers)
	}
}
