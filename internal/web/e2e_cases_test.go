package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/cases"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/testwait"
)

// TestBrowserCaseFlow follows the case a notified hospital's alert opens,
// one party and language at a time: ru answers its request in English,
// us records a corrective measure and marks it done in Russian, and un,
// the notifier, closes the case with its finding in Arabic (right to
// left). The case list shows the case; the answer does not close it.
func TestBrowserCaseFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := context.Background()
	var site notify.SiteInput
	if err := json.Unmarshal([]byte(`{"kind":"hospital","names":{"en":"Field hospital"},"location":{"type":"Point","coordinates":[37.16,36.2]},
		"buffer_m":300,"parties":["ru","us"]}`), &site); err != nil {
		t.Fatal(err)
	}
	s, err := n.app.Notify.NotifySite(ctx, n.principalOf(t, "un-liaison"), site)
	if err != nil {
		t.Fatal(err)
	}
	var inc incidents.NewIncident
	if err := json.Unmarshal([]byte(fmt.Sprintf(`{"external_id":"case-e2e","category":"shelling_missile","time":{"start":%q,"precision":"hour"},
		"location":{"type":"Point","coordinates":[37.1603,36.2003]},"location_precision":"1km","perpetrator":{"kind":"party","party":"us"},
		"casualties":[{"outcome":"injured","group":"civilian","min":1,"max":2,"source":"hospital"}],"narrative":"Shelling near the hospital",
		"releasability":{"tlp":"GREEN"},"sources":[{"name":"Hospital staff","reliability":"B","credibility":2}]}`,
		time.Now().UTC().Add(time.Second).Format(time.RFC3339Nano))), &inc); err != nil {
		t.Fatal(err)
	}
	in, _, err := n.app.Incidents.Report(ctx, n.principalOf(t, "ru-liaison"), &inc)
	if err != nil {
		t.Fatal(err)
	}
	var caseID string
	testwait.For(t, 20*time.Second, "the case the alert opens", func() bool {
		c, err := n.app.DB.Cases().CaseByKey(ctx, nil, cases.Key(cases.ConcernsSite, s.ID, in.ID))
		if err == nil {
			caseID = c.ID
		}
		return err == nil
	})
	base := n.srv.URL
	browser := startBrowser(t)
	tb := tab(t, browser) // one tab per party: each its own session
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
	open := func(wait string) {
		t.Helper() // in tb, the current party's tab
		run(t, tb, "case "+caseID, chromedp.Navigate(base+"/#/cases/"+caseID), chromedp.WaitVisible(`#case-requests table`), chromedp.WaitVisible(wait))
	}
	reqStatus := func(party string) string {
		return get(t, tb, "request of "+party, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector('#case-requests [data-party=%q]').dataset.status`, party)))
	}

	// English: ru, asked, answers; the case stays open.
	loginAPI(t, tb, base, "ru-liaison", "password-ru")
	run(t, tb, "list", chromedp.Navigate(base+"/#/cases"), chromedp.WaitVisible(`#case-list table`))
	if rows := get(t, tb, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#case-list tbody tr').length`)); rows != 1 {
		t.Fatalf("the case list shows %d cases, want 1", rows)
	}
	open(`#case-answer`)
	run(t, tb, "answer", chromedp.SendKeys(`#case-answer [name=text]`, "Our units were not in the area."), chromedp.Click(`#case-answer-submit`),
		chromedp.WaitVisible(`#case-requests [data-party="ru"][data-status="answered"]`))
	if st := get(t, tb, "status", chromedp.Text(`#case-status`)); st != "Open" {
		t.Errorf("after the answer the case reads %q, want Open", st)
	}

	// Russian: us records a measure and marks it done.
	tb = tab(t, browser)
	loginAPI(t, tb, base, "us-liaison", "password-us")
	open(`#case-measure`)
	get(t, tb, "russian", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "ru")))
	run(t, tb, "ru", chromedp.WaitVisible(`html[lang="ru"]`))
	if label := get(t, tb, "measure label", chromedp.Text(`#case-measure-submit`)); label != "Записать меру" {
		t.Errorf("measure button %q in Russian", label)
	}
	run(t, tb, "measure", chromedp.SendKeys(`#case-measure [name=text]`, "Список объектов повторно доведён до подразделений"),
		chromedp.Click(`#case-measure-submit`), chromedp.WaitVisible(`#case-measures [data-state="proposed"]`))
	run(t, tb, "done", chromedp.SetValue(`.measure-move [name=state]`, "done"), chromedp.Click(`.measure-move button[type=submit]`),
		chromedp.WaitVisible(`#case-measures [data-state="done"]`))
	if st := get(t, tb, "state", chromedp.Text(`#case-measures [data-state="done"]`)); st != "Выполнена" {
		t.Errorf("done measure reads %q in Russian", st)
	}
	if st := reqStatus("us"); st != "pending" {
		t.Errorf("us's request reads %s, want pending", st)
	}

	// Arabic: un, the notifier, closes the case with its finding.
	tb = tab(t, browser)
	loginAPI(t, tb, base, "un-liaison", "password-un")
	open(`#case-close`)
	get(t, tb, "arabic", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "ar")))
	run(t, tb, "ar", chromedp.WaitVisible(`html[dir="rtl"][lang="ar"]`))
	run(t, tb, "close", chromedp.SendKeys(`#case-close [name=finding]`, "أصيب المستشفى بقصف؛ ذُكّرت الوحدات بالقائمة."), chromedp.Click(`#case-close-submit`),
		chromedp.WaitVisible(`#case-status[data-status="closed"]`))
	if st := get(t, tb, "closed", chromedp.Text(`#case-status`)); st != "مغلقة" {
		t.Errorf("closed case reads %q in Arabic", st)
	}
	if f := get(t, tb, "finding", chromedp.Text(`#case-finding`)); !strings.Contains(f, "أصيب المستشفى") {
		t.Errorf("outcome reads %q", f)
	}
	if n := get(t, tb, "forms", chromedp.Evaluate[int](`document.querySelectorAll('#case-close, #case-measure').length`)); n != 0 {
		t.Errorf("a closed case still offers %d forms", n)
	}
}
