package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserListFilters searches and filters the incidents list from the
// URL and from the search box, and exports what is listed: the filters go
// into the URL and into the export link, the exported file holds the
// listed incident only, and a party the record is not released to neither
// lists nor exports it (the node filters, not the page). The list is also
// drawn in Arabic on a phone (390 px wide), with its filters usable.
func TestBrowserListFilters(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.seedMapRecords(t) // Damascus (TLP:GREEN) and Aleppo (TLP:AMBER, us only)
	base := n.srv.URL
	dir := screenshotDir(t)
	browser := startBrowser(t)
	us, ru := tab(t, browser), tab(t, browser)
	loginAPI(t, us, base, "us-liaison", "password-us")
	loginAPI(t, ru, base, "ru-liaison", "password-ru")

	rowsOf := func(ctx context.Context, step string) string {
		t.Helper()
		return get(t, ctx, step, chromedp.Evaluate[string](`[...document.querySelectorAll('#incident-list tbody tr')].map((r) => r.textContent).join('|')`))
	}
	// exported fetches the CSV export link as the page shows it.
	exported := func(ctx context.Context, step string) string {
		t.Helper()
		return get(t, ctx, step, chromedp.Evaluate[string](`(async () => {
			const a = document.querySelector('#export-incidents a[data-export=csv]');
			a.dispatchEvent(new Event('focus'));
			const r = await fetch(a.href, {credentials: 'same-origin'});
			return r.ok ? r.text() : 'HTTP ' + r.status;
		})()`, chromedp.EvalAwaitPromise))
	}

	t.Run("a search in the URL lists and exports the match only", func(t *testing.T) {
		run(t, us, "list", chromedp.Navigate(base+"/#/incidents?q=Aleppo"),
			chromedp.WaitVisible(`#incident-list tbody tr`))
		if rows := rowsOf(us, "rows"); !strings.Contains(rows, "Aleppo") || strings.Contains(rows, "Damascus") {
			t.Errorf("rows for q=Aleppo: %q", rows)
		}
		if v := get(t, us, "box", chromedp.Value(`input[data-filter=q]`)); v != "Aleppo" {
			t.Errorf("search box %q, want the URL's Aleppo", v)
		}
		if csv := exported(us, "export"); !strings.Contains(csv, "Aleppo") || strings.Contains(csv, "Damascus") {
			t.Errorf("export for q=Aleppo:\n%s", csv)
		}
	})

	t.Run("a filter changed on the page goes into the URL", func(t *testing.T) {
		run(t, us, "search", chromedp.SetValue(`input[data-filter=q]`, "Damascus"))
		get(t, us, "searched", chromedp.Evaluate[bool](`document.querySelector('input[data-filter=q]').dispatchEvent(new Event('search'))`))
		get(t, us, "listed", chromedp.Poll[bool](`location.hash.includes('q=Damascus') && [...document.querySelectorAll('#incident-list tbody tr')].some((r) => r.textContent.includes('Damascus'))`))
		if rows := rowsOf(us, "rows"); strings.Contains(rows, "Aleppo") {
			t.Errorf("rows for q=Damascus: %q", rows)
		}
		run(t, us, "status filter", chromedp.SetValue(`select[data-filter=status]`, "confirmed"))
		get(t, us, "changed", chromedp.Evaluate[bool](`document.querySelector('select[data-filter=status]').dispatchEvent(new Event('change'))`))
		get(t, us, "filtered", chromedp.Poll[bool](`location.hash.includes('status=confirmed') && !!document.querySelector('#incident-list .empty')`))
		href := get(t, us, "href", chromedp.Evaluate[string](`(a => (a.dispatchEvent(new Event('focus')), a.href))(document.querySelector('#export-incidents a[data-export=geojson]'))`))
		for _, want := range []string{"q=Damascus", "status=confirmed", "format=geojson"} {
			if !strings.Contains(href, want) {
				t.Errorf("export link %q lacks %s", href, want)
			}
		}
	})

	t.Run("a party the record is not released to neither lists nor exports it", func(t *testing.T) {
		run(t, ru, "list", chromedp.Navigate(base+"/#/incidents?q=Aleppo"),
			chromedp.WaitVisible(`#incident-list .empty`))
		if csv := exported(ru, "export"); strings.Contains(csv, "Aleppo") {
			t.Errorf("ru exported the us-only incident:\n%s", csv)
		}
		run(t, ru, "all", chromedp.Click(`#filters-reset`))
		get(t, ru, "reset", chromedp.Poll[bool](`!location.hash.includes('?') && !!document.querySelector('#incident-list tbody tr')`))
		if rows := rowsOf(ru, "rows"); strings.Contains(rows, "Aleppo") || !strings.Contains(rows, "Damascus") {
			t.Errorf("ru's unfiltered rows: %q", rows)
		}
		if csv := exported(ru, "export all"); strings.Contains(csv, "Aleppo") || !strings.Contains(csv, "Damascus") {
			t.Errorf("ru's unfiltered export:\n%s", csv)
		}
	})

	t.Run("Arabic on a phone", func(t *testing.T) {
		get(t, us, "lang", chromedp.Evaluate[bool](`(localStorage.setItem('truce.lang', 'ar'), true)`))
		run(t, us, "phone", chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(fmt.Sprintf("%s/?ar#/incidents?q=Aleppo", base)),
			chromedp.WaitVisible(`#incident-list tbody tr`))
		wide := get(t, us, "width", chromedp.Evaluate[bool](`document.querySelector('.filters').getBoundingClientRect().width <= window.innerWidth`))
		if !wide {
			t.Error("the filters overflow a 390 px screen")
		}
		shot(t, us, dir, "list-filters-ar-phone")
		get(t, us, "lang back", chromedp.Evaluate[bool](`(localStorage.setItem('truce.lang', 'en'), true)`))
	})
}
