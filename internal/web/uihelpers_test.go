package web_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/incidents"
)

// testUIHelpersJS checks pure helpers of the UI's modules in the browser
// (ctx shows a page of the UI's origin), table-driven: where a flight is at
// a moment (flights.js positionAt), GeoJSON accepted by the map picker
// (mappicker.js geometryOf), the days of the dashboard's axis (charts.js
// lastDays), comparing shown fields with verified entries (verifyview.js),
// the glyph of every category the node serves, the gazetteer's credit line and reading every page
// of a listing (api.js listAll). TestVerifyJS runs it in its browser.
func testUIHelpersJS(t *testing.T, ctx context.Context) {
	served, err := json.Marshal(incidents.Categories) // what GET /api/v1/ui/config serves
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, expr, want string }{
		{"before the first waypoint", `JSON.stringify(f.positionAt(wps, Date.parse('2026-01-01T09:59:59Z')))`, `null`},
		{"at the first waypoint", `JSON.stringify(f.positionAt(wps, Date.parse('2026-01-01T10:00:00Z')))`, `{"lat":34,"lon":36,"alt_ft":10000}`},
		{"halfway along the first leg", `JSON.stringify(f.positionAt(wps, Date.parse('2026-01-01T10:30:00Z')))`, `{"lat":34.5,"lon":36.5,"alt_ft":15000}`},
		{"at the last waypoint", `JSON.stringify(f.positionAt(wps, Date.parse('2026-01-01T12:00:00Z')))`, `{"lat":36,"lon":36,"alt_ft":20000}`},
		{"after the last waypoint", `JSON.stringify(f.positionAt(wps, Date.parse('2026-01-01T12:00:01Z')))`, `null`},
		{"no waypoints", `JSON.stringify(f.positionAt([], 0))`, `null`},
		{"party colours are stable", `String(f.partyColor('us') === f.partyColor('us') && f.partyColor('us') !== f.partyColor('ru'))`, `true`},
		{"a bare geometry", `JSON.stringify(p.geometryOf({type: 'Point', coordinates: [36, 33]}))`, `{"type":"Point","coordinates":[36,33]}`},
		{"a Feature", `JSON.stringify(p.geometryOf({type: 'Feature', geometry: {type: 'Point', coordinates: [1, 2]}}))`, `{"type":"Point","coordinates":[1,2]}`},
		{"a FeatureCollection's first feature", `JSON.stringify(p.geometryOf({type: 'FeatureCollection', features: [{type: 'Feature', geometry: {type: 'LineString', coordinates: [[1, 2], [3, 4]]}}]}))`,
			`{"type":"LineString","coordinates":[[1,2],[3,4]]}`},
		{"shown fields compared whatever their key order", `JSON.stringify(v.differing([['a', {x: 1, y: [2, {p: 1, q: 2}]}, {y: [2, {q: 2, p: 1}], x: 1}], ['b', undefined, null], ['c', 'x', 'y']]))`, `["c"]`},
		{"an entry row matches its entry", `JSON.stringify(v.sameEntry({seq: 3, time: 't', party: 'us', kind: 'k', subject: 's', release: {tlp: 'GREEN'}})({seq: 3, time: 't', party: 'us', kind: 'k2', subject: 's', release: {tlp: 'GREEN', audience: ['us']}}))`, `["kind"]`},
		{"each category the node serves has its own glyph", `(() => {
			const cats = ` + string(served) + `;
			const other = g.glyph('other', '#000').innerHTML;
			return String(cats.length === 11 && cats.every((c) => g.glyph(c, '#123456').querySelectorAll('path, circle').length >= 2 &&
				(c === 'other' || g.glyph(c, '#000').innerHTML !== other)));
		})()`, `true`},
		{"an unknown category gets the glyph of other", `String(g.glyph('nonsense', '#000').innerHTML === g.glyph('other', '#000').innerHTML)`, `true`},
		{"places credit linked to its licence", `r.placesAttribution({attribution: 'GeoNames', license: 'https://creativecommons.org/licenses/by/4.0/'}).outerHTML`,
			`<li class="place-attribution" id="place-attribution"><small dir="auto"><a href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener noreferrer">GeoNames</a></small></li>`},
		{"no places credit without attribution", `String(r.placesAttribution({items: []}))`, `null`},
		{"listAll follows next across pages and keeps the filters", `await (async () => {
			const seen = [];
			const pages = {'/x?a=1': {items: [1, 2], next: 'c 1'}, '/x?a=1&cursor=c%201': {items: [3], next: 'c2'}, '/x?a=1&cursor=c2': {items: [4], next: ''}};
			const items = await a.listAll(async (q) => { seen.push(q); return pages[q]; }, '/x?a=1');
			return JSON.stringify([items, seen.length]);
		})()`, `[[1,2,3,4],3]`},
		{"listAll stops at maxPages", `await (async () => JSON.stringify(await a.listAll(async () => ({items: [0], next: 'more'}), '/y', 3)))()`, `[0,0,0]`},
		{"30 days end today", `(() => { const d = c.lastDays(30); return String(d.length === 30 && d[29] === new Date().toISOString().slice(0, 10) && d[0] < d[29]) })()`, `true`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := get(t, ctx, tc.name, chromedp.Evaluate[string](`(async () => {
				const f = await import('/static/js/map/layers/flights.js');
				const p = await import('/static/js/forms/mappicker.js');
				const c = await import('/static/js/charts.js');
				const v = await import('/static/js/verifyview.js');
				const g = await import('/static/js/map/layers/incidentglyphs.js');
				const r = await import('/static/js/pages/report.js');
				const a = await import('/static/js/api.js');
				const wps = [{lat: 34, lon: 36, alt_ft: 10000, time: '2026-01-01T10:00:00Z'}, {lat: 35, lon: 37, alt_ft: 20000, time: '2026-01-01T11:00:00Z'},
					{lat: 36, lon: 36, alt_ft: 20000, time: '2026-01-01T12:00:00Z'}];
				return `+tc.expr+`;
			})()`, chromedp.EvalAwaitPromise))
			if got != tc.want {
				t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
			}
		})
	}
}
