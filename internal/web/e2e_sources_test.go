package web_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/sources"
)

// TestBrowserSourcesReview reviews the three drafts of a corpus article in
// the browser, one decision per language: accept in English (the draft
// links to the incident it became), discard with a reason in Russian,
// merge into that incident in Arabic (right to left). The source text is
// shown beside each draft with its sentences highlighted.
func TestBrowserSourcesReview(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := context.Background()
	if _, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "us-analyst", Party: "us",
		Role: access.RoleAnalyst, DisplayName: "us analyst", Password: "password-us-analyst"}, true); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("../sources/extract/testdata/corpus/en02.txt")
	if err != nil {
		t.Fatal(err)
	}
	src, _, err := n.app.Sources.Submit(ctx, n.principalOf(t, "us-analyst"), sources.NewSource{Text: string(text), Publisher: "Levant Wire"})
	if err != nil || len(src.Drafts) != 3 {
		t.Fatalf("submit: %v", err)
	}
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "us-analyst", "password-us-analyst")
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`

	run(t, tb, "queue", chromedp.Navigate(base+"/#/sources"), chromedp.WaitVisible(`#draft-queue table`))
	if rows := get(t, tb, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#draft-queue tbody tr').length`)); rows != 3 {
		t.Fatalf("the queue shows %d drafts, want 3", rows)
	}
	open := func(id string) {
		t.Helper()
		run(t, tb, "draft "+id, chromedp.Navigate(base+"/#/drafts/"+id), chromedp.WaitVisible(`#source-text mark`), chromedp.WaitVisible(`#draft-decision`))
	}

	// English: accept, rated B2.
	open(src.Drafts[0].ID)
	run(t, tb, "accept", chromedp.SetValue(`#accept-form [name=reliability]`, "B"), chromedp.SetValue(`#accept-form [name=credibility]`, "2"),
		chromedp.Click(`#accept-form-submit`), chromedp.WaitVisible(`#draft-status a`))
	incident := strings.TrimSpace(get(t, tb, "incident", chromedp.Text(`#draft-status a`)))
	if !strings.HasPrefix(incident, "inc_") {
		t.Fatalf("accepted draft links to %q", incident)
	}

	// Russian: discard with a reason.
	get(t, tb, "russian", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "ru")))
	run(t, tb, "ru", chromedp.WaitVisible(`html[lang="ru"]`))
	open(src.Drafts[1].ID)
	if label := get(t, tb, "discard label", chromedp.Text(`#discard-form-submit`)); label != "Отклонить" {
		t.Errorf("discard button %q in Russian", label)
	}
	run(t, tb, "discard", chromedp.SendKeys(`#discard-form [name=reason]`, "уже сообщалось"), chromedp.Click(`#discard-form-submit`),
		chromedp.WaitVisible(`#draft-status`))
	if status := get(t, tb, "status", chromedp.Text(`#draft-status`)); !strings.Contains(status, "Отклонён") || !strings.Contains(status, "уже сообщалось") {
		t.Errorf("discarded draft reads %q", status)
	}

	// Arabic: merge into the incident accepted above.
	get(t, tb, "arabic", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "ar")))
	run(t, tb, "ar", chromedp.WaitVisible(`html[dir="rtl"][lang="ar"]`))
	open(src.Drafts[2].ID)
	run(t, tb, "merge", chromedp.SendKeys(`#merge-form [name=incident_id]`, incident), chromedp.SetValue(`#merge-form [name=reliability]`, "A"),
		chromedp.Click(`#merge-form-submit`), chromedp.WaitVisible(`#draft-status a`))
	if status := get(t, tb, "status", chromedp.Text(`#draft-status`)); !strings.Contains(status, "دُمج") || !strings.Contains(status, incident) {
		t.Errorf("merged draft reads %q", status)
	}
	// The merge attached the source to the incident, rated as chosen.
	if inc, err := n.app.Incidents.Get(ctx, n.principalOf(t, "us-analyst"), incident); err != nil || len(inc.Attached) != 1 ||
		inc.Attached[0].Source.Reliability != "A" || inc.Attached[0].Source.Credibility != 3 {
		t.Errorf("incident merged into: %v, attached %+v; want the source rated A3", err, inc)
	}
	get(t, tb, "back to English", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "en")))
	// The draft page renders again in English before the queue is asked
	// for, so that a slow render of the old page cannot land over it.
	run(t, tb, "en", chromedp.WaitVisible(`html[lang="en"]:not([dir="rtl"])`), chromedp.WaitVisible(`#draft-status a`))
	run(t, tb, "empty queue", chromedp.Navigate(base+"/#/sources"), chromedp.WaitVisible(`#draft-queue .empty`))

	// Feeds: add one with the form; the list shows it, not yet polled or
	// with the error of its first poll.
	run(t, tb, "add feed", chromedp.WaitVisible(`#feed-form`), chromedp.SendKeys(`#feed-form [name=url]`, "https://wire.example/feed.xml"),
		chromedp.SendKeys(`#feed-form [name=publisher]`, "Levant Wire"), chromedp.Click(`#feed-form-submit`), chromedp.WaitVisible(`#feed-list tbody tr`))
	if row := get(t, tb, "feed row", chromedp.Text(`#feed-list tbody tr`)); !strings.Contains(row, "https://wire.example/feed.xml") || !strings.Contains(row, "Levant Wire") {
		t.Errorf("the feed list reads %q", row)
	}
	if fs, err := n.app.Sources.ListFeeds(ctx, n.principalOf(t, "us-analyst")); err != nil || len(fs) != 1 || fs[0].IntervalSeconds != 3600 {
		t.Errorf("feeds after the form: %v %+v; want one polled hourly", err, fs)
	}
	// Pause, resume and remove it, each confirmed; a removed feed offers
	// no action again.
	feedStatus := func(want string) {
		t.Helper()
		fs, err := n.app.Sources.ListFeeds(ctx, n.principalOf(t, "us-analyst"))
		if err != nil || len(fs) != 1 || fs[0].Status != want {
			t.Fatalf("feed after the %s button: %v %+v", want, err, fs)
		}
	}
	for _, step := range []struct{ action, status string }{{"pause", "paused"}, {"resume", "active"}, {"remove", "removed"}} {
		run(t, tb, step.action, chromedp.Click(`#feed-list [data-feed-action=`+step.action+`]`), chromedp.WaitVisible(`#feed-list .confirm-yes`),
			chromedp.Click(`#feed-list .confirm-yes`), chromedp.WaitVisible(`#feed-list .feed-status.`+step.status))
		feedStatus(step.status)
	}
	if n := get(t, tb, "actions", chromedp.Evaluate[int](`document.querySelectorAll('#feed-list [data-feed-action]').length`)); n != 0 {
		t.Errorf("a removed feed offers %d actions, want none", n)
	}
}
