package pdf

import (
	"fmt"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"truce/internal/report/doc"
)

// words are the fixture's text in each language; the tests look for these words in the PDF.
type langWords struct {
	title, subtitle, period, cutoff                 string
	summary, incidents, charts, mapHead             string
	paragraph                                       string
	fig1, fig2, fig3                                string
	caption, colPlace, colKind, colStatus, colCount string
	place, kind, status                             string
	chartTitle, seriesA, seriesB                    string
	mapTitle, layerZone, layerIncident, layerSite   string
	footer                                          string
}

var fixtureWords = map[string]langWords{
	"en": {
		title: "Daily situation report", subtitle: "14 July 2016, cut-off 06:00", period: "Period", cutoff: "Checkpoint",
		summary: "Summary", incidents: "Incidents", charts: "Trends", mapHead: "Map",
		paragraph: "Monitors recorded shelling near the corridor; the humanitarian convoy passed 5–7 km north of the line as notified (us#1204).",
		fig1:      "Incidents", fig2: "Confirmed", fig3: "Overdue acknowledgements",
		caption: "Incidents by place", colPlace: "Place", colKind: "Category", colStatus: "Status", colCount: "Casualties",
		place: "Aleppo", kind: "Shelling", status: "confirmed",
		chartTitle: "Incidents per day", seriesA: "Reported", seriesB: "Confirmed",
		mapTitle: "Incidents and zones", layerZone: "Zones", layerIncident: "Confirmed incidents", layerSite: "Notified sites",
		footer: "truce situation report — computed from checkpoint un#5120; verify each line with the node's key.",
	},
	"ru": {
		title: "Ежедневная сводка обстановки", subtitle: "14 июля 2016 г., по состоянию на 06:00", period: "Период", cutoff: "Контрольная точка",
		summary: "Сводка", incidents: "Инциденты", charts: "Динамика", mapHead: "Карта",
		paragraph: "Наблюдатели зафиксировали обстрел у коридора; гуманитарная колонна прошла в 5–7 км к северу от линии, как было уведомлено (us#1204).",
		fig1:      "Инциденты", fig2: "Подтверждено", fig3: "Просроченные подтверждения",
		caption: "Инциденты по месту", colPlace: "Место", colKind: "Категория", colStatus: "Статус", colCount: "Потери",
		place: "Алеппо", kind: "Обстрел", status: "подтверждён",
		chartTitle: "Инциденты по дням", seriesA: "Сообщено", seriesB: "Подтверждено",
		mapTitle: "Инциденты и зоны", layerZone: "Зоны", layerIncident: "Подтверждённые инциденты", layerSite: "Уведомлённые объекты",
		footer: "Сводка truce — по контрольной точке un#5120; каждую строку можно проверить ключом узла.",
	},
	"ar": {
		title: "تقرير الوضع اليومي", subtitle: "14 تموز 2016، حتى الساعة 06:00", period: "الفترة", cutoff: "نقطة التحقق",
		summary: "ملخص", incidents: "الحوادث", charts: "الاتجاهات", mapHead: "الخريطة",
		paragraph: "سجل المراقبون قصفا قرب الممر؛ ومرت القافلة الإنسانية على بعد 5–7 كم شمال الخط كما أُبلغ (us#1204).",
		fig1:      "الحوادث", fig2: "مؤكدة", fig3: "إشعارات متأخرة",
		caption: "الحوادث حسب المكان", colPlace: "المكان", colKind: "الفئة", colStatus: "الحالة", colCount: "الإصابات",
		place: "حلب", kind: "قصف", status: "مؤكد",
		chartTitle: "الحوادث يوميا", seriesA: "مبلغ عنها", seriesB: "مؤكدة",
		mapTitle: "الحوادث والمناطق", layerZone: "المناطق", layerIncident: "حوادث مؤكدة", layerSite: "مواقع مبلغ عنها",
		footer: "تقرير truce — محسوب من نقطة التحقق un#5120؛ يمكن التحقق من كل سطر بمفتاح العقدة.",
	},
}

// fixture builds a report with every block kind: rows table rows, three charts of days values,
// and a map of points incidents around Aleppo over the embedded basemap. It is deterministic.
func fixture(lang string, rows, days, points int) doc.Document {
	w := fixtureWords[lang]
	rng := rand.New(rand.NewPCG(uint64(rows), uint64(points)))
	origin := "truce.un.example/un"
	prev := int64(40)
	figures := doc.Figures{Items: []doc.Figure{
		{Label: w.fig1, Value: int64(rows), Previous: &prev, Refs: []doc.Ref{{Origin: origin, Index: 1204}, {Origin: origin, Index: 1205}, {Origin: origin, Index: 1206}, {Origin: "truce.us.example/us", Index: 17}}},
		{Label: w.fig2, Value: 12, Refs: []doc.Ref{{Origin: origin, Index: 1300}}},
		{Label: w.fig3, Value: 3, Previous: ptr(int64(5))},
	}}
	table := doc.Table{Caption: w.caption, Columns: []string{w.colPlace, w.colKind, w.colStatus, w.colCount}}
	for i := range rows {
		table.Rows = append(table.Rows, []doc.Cell{
			{Text: fmt.Sprintf("%s %d", w.place, i+1), Link: fmt.Sprintf("/incidents/inc_%d", i)},
			{Text: w.kind},
			{Text: w.status},
			{Text: fmt.Sprintf("%d", rng.IntN(40)), Numeric: true, Refs: []doc.Ref{{Origin: origin, Index: uint64(2000 + i)}}},
		})
	}
	var charts []doc.Block
	for c := range 3 {
		ch := doc.BarChart{Title: fmt.Sprintf("%s %d", w.chartTitle, c+1)}
		a, b := doc.Series{Name: w.seriesA}, doc.Series{Name: w.seriesB}
		for d := range days {
			ch.Labels = append(ch.Labels, fmt.Sprintf("%02d.06", d+1))
			v := float64(rng.IntN(60))
			a.Values = append(a.Values, v)
			b.Values = append(b.Values, float64(rng.IntN(int(v)+1)))
		}
		ch.Series = []doc.Series{a, b}
		charts = append(charts, ch)
	}
	bound := orb.Bound{Min: orb.Point{36.0, 35.6}, Max: orb.Point{38.2, 36.8}}
	zone := orb.Polygon{{{36.9, 36.0}, {37.4, 36.0}, {37.4, 36.4}, {36.9, 36.4}, {36.9, 36.0}}}
	var inc, sites []doc.MapFeature
	for i := range points {
		p := orb.Point{bound.Min[0] + rng.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + rng.Float64()*(bound.Max[1]-bound.Min[1])}
		inc = append(inc, doc.MapFeature{Geometry: p, Label: fmt.Sprintf("%s %d", w.place, i+1)})
	}
	sites = append(sites, doc.MapFeature{Geometry: orb.Point{37.16, 36.2}, Label: w.place})
	mp := doc.Map{Title: w.mapTitle, Bound: bound, Basemap: true, Layers: []doc.MapLayer{
		{Name: w.layerZone, Style: "zone", Features: []doc.MapFeature{{Geometry: zone, Label: w.layerZone}}},
		{Name: w.layerIncident, Style: "incident.confirmed", Features: inc},
		{Name: w.layerSite, Style: "site", Features: sites},
	}}
	return doc.Document{
		Title: w.title, Subtitle: w.subtitle, Lang: lang, RTL: lang == "ar",
		Meta: []doc.Field{{Label: w.period, Value: "2016-07-13 06:00 – 2016-07-14 06:00"}, {Label: w.cutoff, Value: "un#5120"}},
		Sections: []doc.Section{
			{ID: "summary", Heading: w.summary, Blocks: []doc.Block{doc.Paragraph{Text: w.paragraph}, figures}},
			{ID: "incidents", Heading: w.incidents, Blocks: []doc.Block{table}},
			{ID: "charts", Heading: w.charts, Blocks: charts},
			{ID: "map", Heading: w.mapHead, Blocks: []doc.Block{mp}},
		},
		Footer: w.footer,
	}
}

func ptr[T any](v T) *T { return &v }
