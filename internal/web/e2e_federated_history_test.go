package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/cli/clitest"
	"truce/internal/demo/demotest"
	"truce/internal/testwait"
)

// TestBrowserFederatedHistory runs the federated demo (four party nodes)
// and opens, on ru's node, an incident that us's node reported: its
// history lists us's entries from us's log (labelled "N in ORIGIN" in
// English, Russian and Arabic) and ru's own comment, merged by time, each
// verified in the browser, the mirrored ones against us's cosigned
// checkpoint. A comment us writes later arrives below ru's.
func TestBrowserFederatedHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	fed := demotest.Start(t, clitest.Main, 180*time.Second, "--federated", "--log-level", "warn")
	us, ru := fed.User(t, "us-analyst"), fed.User(t, "ru-liaison")
	client := &http.Client{Timeout: 20 * time.Second}
	call := func(c demotest.Credential, method, path string, body any) (int, []byte) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			j, _ := json.Marshal(body)
			rd = bytes.NewReader(j)
		}
		req, _ := http.NewRequest(method, c.URL+path, rd)
		req.Header.Set("Authorization", "Bearer "+c.Token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, []byte(err.Error())
		}
		defer resp.Body.Close()
		rb, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, rb
	}

	// A GREEN incident of us's, as us's node reports it.
	st, rb := call(us, "POST", "/api/v1/incidents", map[string]any{"external_id": "fed-history", "category": "shelling_missile",
		"time":     map[string]any{"start": time.Now().UTC().Add(-time.Hour).Format(time.RFC3339), "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "location_precision": "1km",
		"perpetrator": map[string]any{"kind": "unknown"}, "narrative": "Shelling reported near the market.",
		"releasability": map[string]any{"tlp": "GREEN"},
		"sources":       []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}})
	if st != 201 {
		t.Fatalf("us reports: %d %s", st, rb)
	}
	var inc struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(rb, &inc); err != nil {
		t.Fatal(err)
	}
	subject := "/api/v1/log/entries?subject=incident:" + inc.ID
	type historyItem struct {
		Origin string `json:"origin"`
		Entry  struct {
			Kind string `json:"kind"`
		} `json:"entry"`
	}
	history := func(c demotest.Credential) []historyItem {
		st, rb := call(c, "GET", subject, nil)
		if st != 200 {
			return nil
		}
		var h struct {
			Items []historyItem `json:"items"`
		}
		json.Unmarshal(rb, &h)
		return h.Items
	}
	testwait.For(t, 120*time.Second, "ru's node to mirror us's report", func() bool { return len(history(ru)) >= 1 })
	if st, rb := call(ru, "POST", "/api/v1/incidents/"+inc.ID+"/comments", map[string]any{"text": "ru: our monitors saw no fire there"}); st != 201 {
		t.Fatalf("ru comments on its node: %d %s", st, rb)
	}
	testwait.For(t, 120*time.Second, "us's node to mirror ru's comment", func() bool { return len(history(us)) >= 2 })
	if st, rb := call(us, "POST", "/api/v1/incidents/"+inc.ID+"/comments", map[string]any{"text": "us: a second source confirms it"}); st != 201 {
		t.Fatalf("us comments on its node: %d %s", st, rb)
	}
	testwait.For(t, 120*time.Second, "ru's node to mirror us's comment", func() bool { return len(history(ru)) >= 3 })
	var origins []string
	for _, it := range history(ru) {
		origins = append(origins, it.Origin)
	}
	usOrigin := "demo.truce.example/us"
	if len(origins) != 3 || origins[0] != usOrigin || origins[1] != "" || origins[2] != usOrigin {
		t.Fatalf("ru's node lists the history's origins as %q, want us's report, ru's own comment, us's comment", origins)
	}

	// The page on ru's node: three rows in time order, the mirrored ones
	// labelled with us's origin, all verified.
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, ru.URL, ru.Username, ru.Password)
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
	rowsJS := `JSON.stringify([...document.querySelectorAll('#record-history tbody tr')].map((tr) => ({
		origin: (tr.querySelector('.mirrored-index') || {dataset: {}}).dataset.origin || '',
		label: tr.cells[0].textContent, verified: !!tr.querySelector('[data-verified="true"]') })))`
	type row struct {
		Origin, Label string
		Verified      bool
	}
	for _, lang := range []struct{ code, word string }{{"en", " in "}, {"ru", " в "}, {"ar", " في "}} {
		run(t, tb, "incident page", chromedp.Navigate(ru.URL+"/#/incidents/"+inc.ID), chromedp.WaitVisible(`#lang-select`))
		get(t, tb, "language "+lang.code, chromedp.Evaluate[bool](fmt.Sprintf(setLang, lang.code)))
		// Four nodes and a browser share the machine: the page may take
		// longer than one step's usual 30 s on a loaded one.
		slow, cancelSlow := context.WithTimeout(tb, 120*time.Second)
		err := chromedp.Do(slow, chromedp.WaitVisible(`html[lang="`+lang.code+`"]`), chromedp.WaitVisible(`#record-history table`))
		if err == nil {
			_, err = chromedp.Run(slow, chromedp.Poll[bool](`document.querySelectorAll('#record-history tbody tr').length === 3
				&& document.querySelectorAll('#record-history tbody [data-verified="true"]').length === 3`))
		}
		cancelSlow()
		if err != nil {
			t.Fatalf("%s: the incident's history with three verified rows: %v", lang.code, err)
		}
		var rows []row
		if err := json.Unmarshal([]byte(get(t, tb, "rows", chromedp.Evaluate[string](rowsJS))), &rows); err != nil {
			t.Fatal(err)
		}
		if rows[0].Origin != usOrigin || rows[1].Origin != "" || rows[2].Origin != usOrigin {
			t.Fatalf("%s: the rows' origins are %+v, want us's report, ru's comment, us's comment in time order", lang.code, rows)
		}
		for _, i := range []int{0, 2} {
			// Arabic isolates the number and the origin (U+2068 … U+2069).
			if label := strings.NewReplacer("\u2068", "", "\u2069", "").Replace(rows[i].Label); !strings.Contains(label, lang.word+usOrigin) {
				t.Errorf("%s: a mirrored row is labelled %q, want it to say it is in %s", lang.code, rows[i].Label, usOrigin)
			}
		}
	}
}
