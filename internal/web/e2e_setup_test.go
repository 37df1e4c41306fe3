package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/ledger"
)

// e2eNode is a node in a temp dir with parties un (host), us and ru
// (co-chairs) and a liaison user in each (password "password-<party>"),
// served on loopback through a handler that can tamper with entry answers.
type e2eNode struct {
	app *app.App
	srv *httptest.Server
	// tamper is "" or how answers are altered in transit: "proof",
	// "signature" or "content" of GET /api/v1/log/entries/{seq}, or
	// "row-kind", "row-subject" (of entry listings), "row-category" (of
	// incident listings) or "record-zone" (a zone's versions renamed), which
	// leave the entries themselves genuine.
	tamper atomic.Value
}

func startNode(t testing.TB) *e2eNode {
	t.Helper()
	return startNodeWith(t, func(*config.Server) {})
}

// startNodeWith is startNode with the node's configuration adjusted by
// configure (a --basemap file, …).
func startNodeWith(t testing.TB, configure func(*config.Server)) *e2eNode {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "e2e.truce.invalid/node",
		Party: accounts.NewParty{ID: "un", Name: "UN monitoring cell", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "password-un-admin"}); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Server{Data: dir}
	configure(cfg)
	a, err := app.Open(ctx, cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := &e2eNode{app: a}
	n.tamper.Store("")
	for _, p := range []accounts.NewParty{{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, party := range []string{"us", "ru", "un"} {
		if _, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: party + "-liaison", Party: party,
			Role: access.RoleLiaison, DisplayName: party + " liaison", Password: "password-" + party}, true); err != nil {
			t.Fatal(err)
		}
	}
	n.srv = httptest.NewServer(n.tamperer(a.Handler()))
	t.Cleanup(func() {
		n.srv.Close()
		a.Close()
	})
	return n
}

// appendEntry appends an entry and signs a checkpoint covering it.
func (n *e2eNode) appendEntry(t testing.TB, d ledger.Draft) int64 {
	t.Helper()
	ctx := context.Background()
	es, err := n.app.Sequencer.Append(ctx, ledger.Change{Draft: d})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	return es[0].Seq
}

// seqOf returns the sequence number of the first entry about subject.
func (n *e2eNode) seqOf(t *testing.T, subject string) int64 {
	t.Helper()
	ses, err := n.app.DB.EntriesBySubject(context.Background(), subject)
	if err != nil || len(ses) == 0 {
		t.Fatalf("no entry about %s: %v", subject, err)
	}
	return ses[0].Seq
}

var (
	entryPath = regexp.MustCompile(`^/api/v1/log/entries/[0-9]+$`)
	zonePath  = regexp.MustCompile(`^/api/v1/zones/[^/]+$`)
)

// tamperer alters answers of GET /api/v1/log/entries/{seq} in transit, as
// a malicious server or network would, according to n.tamper.
func (n *e2eNode) tamperer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mode := n.tamper.Load().(string)
		if mode != "" {
			// A server forging answers sends them whole: it never answers
			// 304 to let the browser reuse the genuine copy it cached.
			r.Header.Del("If-None-Match")
		}
		if mode == "record-zone" && zonePath.MatchString(r.URL.Path) {
			n.tamperZone(h, w, r)
			return
		}
		if strings.HasPrefix(mode, "row-") {
			n.tamperRows(mode, h, w, r)
			return
		}
		if mode == "" || !entryPath.MatchString(r.URL.Path) {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var resp map[string]any
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &resp) != nil {
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
			return
		}
		proof, _ := resp["proof"].(map[string]any)
		switch mode {
		case "proof": // one hash of the inclusion proof
			hashes := proof["hashes"].([]any)
			hashes[0] = flipByte(hashes[0].(string), 0)
		case "signature": // the node's signature on the checkpoint
			note := proof["checkpoint"].(string)
			lines := strings.Split(strings.TrimSuffix(note, "\n"), "\n")
			last := strings.Fields(lines[len(lines)-1])
			last[2] = flipByte(last[2], 10)
			lines[len(lines)-1] = strings.Join(last, " ")
			proof["checkpoint"] = strings.Join(lines, "\n") + "\n"
		case "content": // the entry's canonical bytes
			b, _ := base64.StdEncoding.DecodeString(resp["canonical"].(string))
			b = bytes.Replace(b, []byte(`"e2e.notice"`), []byte(`"e2e.notica"`), 1)
			resp["canonical"] = base64.StdEncoding.EncodeToString(b)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	})
}

// tamperRows rewrites the rows of listings as a malicious server would to
// pair forged content with genuine sequence numbers: the kind or subject of
// e2e.notice entries in GET /api/v1/log/entries?…, or the category of every
// incident in GET /api/v1/incidents.
func (n *e2eNode) tamperRows(mode string, h http.Handler, w http.ResponseWriter, r *http.Request) {
	listing := r.URL.Path == "/api/v1/log/entries" && mode != "row-category" ||
		r.URL.Path == "/api/v1/incidents" && mode == "row-category"
	if !listing {
		h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var page map[string]any
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return
	}
	items, _ := page["items"].([]any)
	for _, it := range items {
		row, _ := it.(map[string]any)
		switch e, _ := row["entry"].(map[string]any); {
		case mode == "row-category":
			row["category"] = "air_strike"
		case e == nil || e["kind"] != "e2e.notice":
		case mode == "row-kind":
			e["kind"] = "e2e.retraction"
		case mode == "row-subject":
			e["subject"] = "notice:99"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(page)
}

// tamperZone renames every version of the zone (and the current one) in
// GET /api/v1/zones/{id},
// as a server showing a record other than the log's would.
func (n *e2eNode) tamperZone(h http.Handler, w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var z map[string]any
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &z) != nil {
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return
	}
	vs, _ := z["versions"].([]any)
	for _, v := range append(vs, z["current"]) {
		if m, ok := v.(map[string]any); ok {
			m["name"] = "Forged area"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(z)
}

func flipByte(b64 string, i int) string {
	b, _ := base64.StdEncoding.DecodeString(b64)
	b[i] ^= 0x01
	return base64.StdEncoding.EncodeToString(b)
}

// chromiumPath finds Debian's chromium; the test fails (not skips) without
// it, since the end-to-end tests are part of the suite.
func chromiumPath(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"chromium", "/usr/bin/chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("chromium not found: apt-get install chromium (scripts/test installs it)")
	return ""
}

// startBrowser launches headless Chromium and returns its context.
func startBrowser(t testing.TB) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil {
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// tab opens a tab in a fresh browser context (its own cookies and
// storage), failing the test on any JavaScript exception, console.error,
// security (CSP) error or missing translation in it. With
// $TRUCE_E2E_CONSOLE set it logs every console message (for diagnosing a
// failure).
func tab(t testing.TB, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if os.Getenv("TRUCE_E2E_CONSOLE") != "" {
				t.Logf("console %s %s: %s", m.Type, m.Source, m.Text)
			}
			bad := m.IsException() || m.Source == "security" ||
				(m.Source == "" && m.Type == chromedp.ConsoleError) ||
				(m.Type == chromedp.ConsoleWarning && strings.Contains(m.Text, "i18n"))
			if bad {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s %s: %s (%s:%d)", m.Type, m.Source, m.Text, m.URL, m.Line))
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser: %s", p)
		}
	})
	return ctx
}

// run runs actions with a time limit, failing the test with what step.
func run(t testing.TB, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		failureShot(t, ctx, step)
		t.Fatalf("%s: %v", step, err)
	}
}

// failureShot saves what the browser showed when a step failed.
func failureShot(t testing.TB, ctx context.Context, step string) {
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	buf, err := chromedp.Run(c, chromedp.CaptureScreenshot())
	if err != nil {
		return
	}
	name := filepath.Join(screenshotDir(t), "failed-"+regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(step), "-")+".png")
	if os.WriteFile(name, buf, 0o644) == nil {
		t.Logf("screenshot of the failure: %s", name)
	}
}

// get runs one action that returns a value, with a time limit.
func get[T any](t testing.TB, ctx context.Context, step string, action chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, action)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

// screenshotDir is $TRUCE_SCREENSHOTS if set, else the test's artifact
// directory (kept with go test -artifacts).
func screenshotDir(t testing.TB) string {
	if d := os.Getenv("TRUCE_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.ArtifactDir()
}

// shot saves a screenshot of the viewport as name.png.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	run(t, ctx, "settle", chromedp.Sleep(200*time.Millisecond))
	buf := get(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// login signs in through the form and waits for the shell to show the user.
func login(t testing.TB, ctx context.Context, base, user, password string) {
	t.Helper()
	run(t, ctx, "login as "+user,
		// A real page load (the query differs), so the form starts empty.
		chromedp.Navigate(base+"/?as="+user+"#/login?next=/me"),
		chromedp.WaitVisible(`#login-username`),
		chromedp.SendKeys(`#login-username`, user),
		chromedp.SendKeys(`#login-password`, password),
		chromedp.Click(`#login-submit`),
		chromedp.WaitVisible(`#whoami-user`),
	)
	who := get(t, ctx, "whoami", chromedp.Text(`#whoami-user`))
	if who != user {
		t.Fatalf("logged in as %q, want %q", who, user)
	}
}

// loginAPI opens a session for user in ctx's browser context through the
// API (POST /api/v1/session from a light page of the origin), as the login
// form does but without rendering the app: for tests whose subject is not
// the login. The next page loaded is signed in.
func loginAPI(t testing.TB, ctx context.Context, base, user, password string) {
	t.Helper()
	run(t, ctx, "open origin for "+user, chromedp.Navigate(base+"/static/favicon.svg"))
	ok := get(t, ctx, "session for "+user, chromedp.Evaluate[bool](fmt.Sprintf(`(async () => {
		const r = await fetch('/api/v1/session', {method: 'POST', credentials: 'same-origin',
			headers: {'Content-Type': 'application/json', Accept: 'application/json'}, body: JSON.stringify({username: %q, password: %q})});
		if (!r.ok) return false;
		localStorage.setItem('truce.csrf', (await r.json()).csrf_token);
		return true;
	})()`, user, password), chromedp.EvalAwaitPromise))
	if !ok {
		t.Fatalf("no session for %s", user)
	}
}
