package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// syntheticIncidents serves GET /api/v1/incidents as the API's brief
// listing (the shape the map reads: id, category, time, location, status,
// …) of n incidents spread over Syria, 1,000 a page, from a fixed seed;
// everything else goes to next (a real node).
func syntheticIncidents(n int, seed uint64, next http.Handler) http.Handler {
	rng := rand.New(rand.NewPCG(seed, seed))
	statuses := []string{"reported", "under_review", "confirmed", "disputed", "unfounded"}
	categories := []string{"air_strike", "shelling_missile", "armed_clash", "ground_advance", "sniper_fire"}
	now := time.Now().UTC()
	items := make([]map[string]any, n)
	for i := range items {
		lon, lat := 35.8+rng.Float64()*6.4, 32.4+rng.Float64()*4.8
		if rng.IntN(3) > 0 { // two thirds around the big towns, as real reports are
			c := [][2]float64{{36.30, 33.51}, {37.16, 36.20}, {36.72, 34.73}, {40.14, 35.33}, {36.63, 35.93}}[rng.IntN(5)]
			lon, lat = c[0]+rng.NormFloat64()*0.15, c[1]+rng.NormFloat64()*0.12
		}
		items[i] = map[string]any{
			"id": fmt.Sprintf("inc_perf%06d", i), "key": strconv.Itoa(i), "category": categories[rng.IntN(len(categories))],
			"time":     map[string]string{"start": now.Add(-time.Duration(rng.IntN(30*24)) * time.Hour).Format(time.RFC3339), "precision": "hour"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "location_precision": "1km",
			"place_name": "Synthetic", "perpetrator": map[string]string{"kind": "unknown"}, "party": "us",
			"releasability": map[string]string{"tlp": "GREEN"}, "status": statuses[rng.IntN(len(statuses))], "round": 0,
			"killed": 0, "injured": 0, "seq": int64(i + 1),
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/api/v1/incidents" {
			next.ServeHTTP(w, r)
			return
		}
		from, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		to := min(from+1000, n)
		page := map[string]any{"items": items[from:to], "next": ""}
		if to < n {
			page["next"] = strconv.Itoa(to)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(page)
	})
}

// firstRender is the script that waits until the incidents layer has drawn
// all want points and the browser has painted them, and returns the time
// since the navigation started (ms), that draw's duration, and when the
// first (partial) draw ended.
const firstRender = `new Promise((resolve) => {
  const check = () => {
    const m = performance.getEntriesByName('truce:incidents-draw').filter((e) => e.detail && e.detail.points === %d);
    if (m.length && document.querySelector('#map .incident-cluster')) {
      const all = performance.getEntriesByName('truce:incidents-draw');
      requestAnimationFrame(() => requestAnimationFrame(() => resolve([performance.now(), m[m.length - 1].duration, all[0].startTime + all[0].duration])));
    } else setTimeout(check, 20);
  };
  check();
})`

// panDone waits for the first draw after the pointer was released (the
// drag's end, recorded by a capturing listener) and the next painted
// frame, and returns the time from release to that frame (ms) and the
// draw's duration.
const panDone = `new Promise((resolve) => {
  const check = () => {
    const t0 = window.__up;
    const m = t0 === undefined ? [] : performance.getEntriesByName('truce:incidents-draw').filter((e) => e.startTime >= t0);
    if (m.length) requestAnimationFrame(() => requestAnimationFrame(() => resolve([performance.now() - t0, m[0].duration])));
    else setTimeout(check, 10);
  };
  check();
})`

// BenchmarkMapIncidents loads the map with n incidents in headless
// Chromium and measures, in the browser (Performance API and
// requestAnimationFrame): the time from navigation to the first page of
// incidents drawn (first-page-ms) and to all of them painted
// (first-render-ms), the clustering draw of all at the initial zoom
// (draw-ms) and a drag pan from pointer release to the next painted frame
// (pan-ms, pan-draw-ms). 1,000 incidents is the baseline; 100,000 the
// size the map must stay usable at (issue #20). Run with
//
//	go test ./internal/web/ -run '^$' -bench MapIncidents -benchtime 3x
func BenchmarkMapIncidents(b *testing.B) {
	n := startNode(b)
	browser := startBrowser(b)
	for _, count := range []int{1000, 20000, 100000} {
		b.Run(fmt.Sprintf("incidents=%d", count), func(b *testing.B) {
			srv := httptest.NewServer(syntheticIncidents(count, 7, n.app.Handler()))
			// Closed after the tab (cleanups run last first): the tab's
			// event stream holds a connection open until then.
			b.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
			ctx := tab(b, browser)
			login(b, ctx, srv.URL, "us-liaison", "password-us")
			// One unmeasured load warms the browser's caches and the node.
			run(b, ctx, "warm up", chromedp.Navigate(srv.URL+"/?warm#/map"))
			getWithin(b, ctx, "warm render", renderLimit, chromedp.Evaluate[[]float64](fmt.Sprintf(firstRender, count), chromedp.EvalAwaitPromise))
			var first, firstPage, draw, pan, panDraw float64
			for b.Loop() {
				run(b, ctx, "load", chromedp.Navigate(srv.URL+"/?bench#/map"))
				v := getWithin(b, ctx, "first render", renderLimit, chromedp.Evaluate[[]float64](fmt.Sprintf(firstRender, count), chromedp.EvalAwaitPromise))
				first += v[0]
				draw += v[1]
				firstPage += v[2]
				get(b, ctx, "listen", chromedp.Evaluate[bool](`(window.__up = undefined, document.addEventListener('pointerup', (e) => { window.__up = e.timeStamp }, true), true)`))
				run(b, ctx, "drag",
					chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, 500, 400, chromedp.ButtonLeft),
					chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 450, 380, chromedp.ButtonLeft),
					chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 350, 340, chromedp.ButtonLeft),
					chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 300, 320, chromedp.ButtonLeft),
					chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, 300, 320, chromedp.ButtonLeft))
				p := getWithin(b, ctx, "pan", renderLimit, chromedp.Evaluate[[]float64](panDone, chromedp.EvalAwaitPromise))
				pan += p[0]
				panDraw += p[1]
			}
			k := float64(b.N)
			b.ReportMetric(first/k, "first-render-ms")
			b.ReportMetric(firstPage/k, "first-page-ms")
			b.ReportMetric(draw/k, "draw-ms")
			b.ReportMetric(pan/k, "pan-ms")
			b.ReportMetric(panDraw/k, "pan-draw-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// renderLimit bounds one measured render or pan: 100,000 incidents on a
// loaded 2-core machine take longer than the browser tests' 30 s step.
const renderLimit = 5 * time.Minute

// getWithin is get with the time limit d.
func getWithin[T any](t testing.TB, ctx context.Context, step string, d time.Duration, action chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	v, err := chromedp.Run(c, action)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}
