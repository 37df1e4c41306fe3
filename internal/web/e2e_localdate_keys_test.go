package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pressEnter presses Enter as a keyboard does: a keydown carrying its
// text, from which the browser makes the keypress (none if the keydown's
// default is prevented), and a keyup. (chromedp.KeyEvent sends the
// keypress as an event of its own, which a prevented keydown does not
// suppress, so the Enter that opens the calendar would also pick the day
// it focuses.)
func pressEnter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		for _, k := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestBrowserCalendarKeys drives the date picker with the keyboard alone,
// in English and in Arabic (where left and right are mirrored): the
// chosen day has the focus when it opens, arrows move a day or a week,
// PageUp and PageDown a month, Home and End to the week's Monday and
// Sunday (turning the month when the week crosses it), the focused day is
// the calendar's one tab stop, Enter picks it and Escape closes without
// a change, each returning the focus to the calendar's opener.
func TestBrowserCalendarKeys(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tb := tab(t, browser)
			loginAPI(t, tb, base, "us-liaison", "password-us")
			setLanguage(t, tb, lang)
			pick := `.ld:has(input[name="start"]) .ld-pick`
			native := `document.querySelector('input[name="start"]').value`
			run(t, tb, "report form", chromedp.Navigate(fmt.Sprintf("%s/?%s#/incidents/new", base, lang)), chromedp.WaitVisible(pick))
			get(t, tb, "set the start", chromedp.Evaluate[bool](native+` = '2016-07-21T09:05', true`))
			run(t, tb, "open", chromedp.Focus(pick), pressEnter(), chromedp.WaitVisible(`.ld-calendar`))
			focused := func() string {
				return get(t, tb, "focused day", chromedp.Evaluate[string](`(() => { const a = document.activeElement; return a && a.dataset.day && a.tabIndex === 0 && document.querySelectorAll('.ld-calendar .ld-day[tabindex="0"]').length === 1 ? a.dataset.day : 'no single focused day: ' + (a && a.outerHTML); })()`))
			}
			if d := focused(); d != "2016-07-21" {
				t.Fatalf("the calendar opens with %q focused, want the chosen day 2016-07-21", d)
			}
			right, left := "2016-07-22", "2016-07-20"
			if lang == "ar" {
				right, left = left, right
			}
			steps := []struct {
				name, key, want string
			}{
				{"ArrowRight", kb.ArrowRight, right},
				{"ArrowLeft", kb.ArrowLeft, "2016-07-21"},
				{"ArrowLeft again", kb.ArrowLeft, left},
				{"ArrowRight back", kb.ArrowRight, "2016-07-21"},
				{"ArrowDown", kb.ArrowDown, "2016-07-28"},
				{"PageDown", kb.PageDown, "2016-08-28"},
				{"Home", kb.Home, "2016-08-22"},
				{"End", kb.End, "2016-08-28"},
				{"ArrowDown into September", kb.ArrowDown, "2016-09-04"},
				{"PageUp", kb.PageUp, "2016-08-04"},
				{"ArrowUp", kb.ArrowUp, "2016-07-28"},
			}
			for _, s := range steps {
				run(t, tb, s.name, chromedp.KeyEvent(s.key))
				if d := focused(); d != s.want {
					t.Fatalf("%s: %q focused, want %s", s.name, d, s.want)
				}
			}
			if y := get(t, tb, "scroll", chromedp.Evaluate[float64](`window.scrollY`)); y != 0 {
				t.Errorf("the keys scrolled the page to %v", y)
			}
			shot(t, tb, screenshotDir(t), "96-dates-calendar-keys-"+lang)
			run(t, tb, "Enter", pressEnter(), chromedp.WaitNotPresent(`.ld-calendar`))
			if v := get(t, tb, "picked", chromedp.Evaluate[string](native)); v != "2016-07-28T09:05" {
				t.Errorf("Enter gives the form %q, want 2016-07-28T09:05", v)
			}
			onOpener := `document.activeElement === document.querySelector('` + pick + `')`
			if !get(t, tb, "focus back", chromedp.Evaluate[bool](onOpener)) {
				t.Error("after Enter the focus is not on the calendar's opener")
			}
			run(t, tb, "reopen", pressEnter(), chromedp.WaitVisible(`.ld-calendar`))
			if d := focused(); d != "2016-07-28" {
				t.Errorf("the calendar reopens with %q focused, want 2016-07-28", d)
			}
			run(t, tb, "Escape", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(`.ld-calendar`))
			if v := get(t, tb, "unchanged", chromedp.Evaluate[string](native)); v != "2016-07-28T09:05" {
				t.Errorf("Escape changed the form to %q", v)
			}
			if !get(t, tb, "focus back after Escape", chromedp.Evaluate[bool](onOpener)) {
				t.Error("after Escape the focus is not on the calendar's opener")
			}
		})
	}
}
