package app

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/config"
	"truce/internal/fault"
	"truce/internal/sources"
)

// TestSourcesReleasability submits a source released to us only: ru's
// analyst cannot see it, its drafts, the queue entries or act on them, and
// us's duplicate suggestions never name an incident that only ru may see.
func TestSourcesReleasability(t *testing.T) {
	n := newTestNode(t)
	usAnalyst, ruAnalyst := n.addUser("us", access.RoleAnalyst), n.addUser("ru", access.RoleAnalyst)
	st, b, _ := n.do("POST", "/api/v1/sources", usAnalyst, map[string]any{"text": corpus(t, "en02.txt"),
		"releasability": map[string]any{"tlp": "AMBER", "audience": []string{}}})
	var src apiSource
	decodeInto(t, st, b, 201, &src)
	draft := src.Drafts[0].ID

	// ru reports a clash near Manbij released to itself only.
	st, b, _ = n.do("POST", "/api/v1/incidents", "ru-liaison", map[string]any{"category": "armed_clash",
		"time": map[string]any{"start": "2026-03-18T10:00:00Z", "precision": "hour"}, "place_name": "Manbij",
		"perpetrator": map[string]any{"kind": "unknown"}, "narrative": "Clashes near Manbij.", "releasability": map[string]any{"tlp": "RED"}})
	decodeInto(t, st, b, 201, nil)

	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/sources/" + src.ID},
		{"GET", "/api/v1/drafts/" + draft},
		{"POST", "/api/v1/drafts/" + draft + "/discard"},
	} {
		var body any = withIfMatch(map[string]any{"reason": "not ours"}, `"1"`)
		if c.method == "GET" {
			body = nil
		}
		st, b, _ := n.do2(c.method, c.path, ruAnalyst, body)
		if st != 404 {
			t.Errorf("%s %s as ru: %d %s, want 404", c.method, c.path, st, b)
		}
	}
	var queue struct {
		Items []apiDraft `json:"items"`
	}
	st, b, _ = n.do("GET", "/api/v1/drafts", ruAnalyst, nil)
	decodeInto(t, st, b, 200, &queue)
	if len(queue.Items) != 0 {
		t.Fatalf("ru's queue shows %d of us's drafts", len(queue.Items))
	}
	st, b, _ = n.do("GET", "/api/v1/drafts", usAnalyst, nil)
	decodeInto(t, st, b, 200, &queue)
	if len(queue.Items) != 3 {
		t.Fatalf("us's queue shows %d drafts, want 3", len(queue.Items))
	}
	for _, d := range queue.Items {
		st, b, _ := n.do("GET", "/api/v1/drafts/"+d.ID, usAnalyst, nil)
		var full apiDraft
		decodeInto(t, st, b, 200, &full)
		if len(full.Duplicates) != 0 {
			t.Fatalf("draft %s suggests %+v, an incident us may not see", d.ID, full.Duplicates)
		}
	}
	// The public and an observer cannot submit.
	if st, b, _ := n.do("POST", "/api/v1/sources", "us-observer", map[string]any{"text": "x"}); st != 403 {
		t.Fatalf("an observer's submission: %d %s, want 403", st, b)
	}
	if st, b, _ := n.do("GET", "/api/v1/drafts", "", nil); st != 401 {
		t.Fatalf("the public's queue: %d %s, want 401", st, b)
	}
}

// TestSourcesBadInput sends bad submissions and decisions: each gets a
// 4xx problem naming what is wrong and changes nothing (the log does not
// grow, no file is stored).
func TestSourcesBadInput(t *testing.T) {
	n := newTestNode(t)
	analyst := n.addUser("us", access.RoleAnalyst)
	article := corpus(t, "en01.txt")
	cases := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"no text", map[string]any{"publisher": "x"}, 422, "text"},
		{"text and html", map[string]any{"text": article, "html": "<p>x</p>"}, 422, "html"},
		{"unknown language given", map[string]any{"text": article, "lang": "fr"}, 422, "lang"},
		{"unrecognised language", map[string]any{"text": "Des frappes aériennes ont touché la ville hier, selon les secouristes locaux.", "published": "2026-03-12"}, 422, "lang"},
		{"no date", map[string]any{"text": "Shelling hit Saraqib yesterday, killing two civilians, rescuers said."}, 422, "published"},
		{"bad date", map[string]any{"text": article, "published": "last Tuesday"}, 422, "published"},
		{"bad URL", map[string]any{"text": article, "url": "file:///etc/passwd"}, 422, "url"},
		{"unknown audience", map[string]any{"text": article, "releasability": map[string]any{"tlp": "AMBER", "audience": []string{"xx"}}}, 422, "releasability.audience[1]"},
		{"text over 1 MiB", map[string]any{"text": strings.Repeat("Shelling hit Saraqib. ", 50000)}, 422, "text"},
		{"page over 8 MiB", map[string]any{"html": "<p>" + strings.Repeat("a", 9<<20) + "</p>"}, 422, "html"},
		{"page without text", map[string]any{"html": "<html><head><title>x</title><script>var a = 1;</script></head><body><div><p></div>"}, 422, "html"},
		{"unknown member", map[string]any{"text": article, "title": "x"}, 400, "/title"},
		{"body over 16 MiB", bytes.Repeat([]byte("a"), 17<<20), 413, ""},
		{"not JSON", []byte("{\"text\": "), 400, ""},
	}
	before := n.app.Hashes.Size()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, b, hdr := n.do("POST", "/api/v1/sources", analyst, c.body)
			if st != c.status || hdr.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d (%s): %s; want a %d problem", st, hdr.Get("Content-Type"), b, c.status)
			}
			if c.field != "" && !strings.Contains(string(b), `"field":"`+c.field+`"`) {
				t.Fatalf("problem %s does not name field %s", b, c.field)
			}
		})
	}
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("bad submissions grew the log from %d to %d entries", before, after)
	}
	if k := n.evidenceFiles(); k != 0 {
		t.Fatalf("bad submissions stored %d files", k)
	}
	for _, q := range []string{"status=bogus", "cursor=garbage", "limit=0", "limit=1001"} {
		if st, b, _ := n.do("GET", "/api/v1/drafts?"+q, analyst, nil); st != 400 {
			t.Errorf("GET /api/v1/drafts?%s: %d %s, want 400", q, st, b)
		}
	}
	st, b, _ := n.do("POST", "/api/v1/sources", analyst, map[string]any{"text": article})
	var src apiSource
	decodeInto(t, st, b, 201, &src)
	before = n.app.Hashes.Size()
	d := src.Drafts[0].ID
	tag := n.etagOf("/api/v1/drafts/"+d, analyst)
	for _, c := range []struct {
		path string
		body any
		want int
	}{
		{"/accept", map[string]any{"reliability": "G", "credibility": 2}, 422},
		{"/accept", map[string]any{"reliability": "A", "credibility": 9}, 422},
		{"/accept", map[string]any{"reliability": "A", "credibility": 2, "incident": map[string]any{"category": "bombing"}}, 422},
		{"/accept", map[string]any{"reliability": "A", "credibility": 2, "reason": "x"}, 400},
		{"/discard", map[string]any{"reason": " "}, 422},
		{"/merge", map[string]any{"incident_id": "inc_nope", "reliability": "A", "credibility": 2}, 422},
		{"/merge", map[string]any{"incident_id": "inc_nope"}, 422},
		{"/duplicates", map[string]any{"incident_id": "inc_nope", "decision": "linked"}, 422},
		{"/duplicates", map[string]any{"incident_id": "inc_nope", "decision": "maybe"}, 422},
	} {
		if st, b, _ := n.do2("POST", "/api/v1/drafts/"+d+c.path, analyst, withIfMatch(c.body, tag)); st != c.want {
			t.Errorf("POST %s %v: %d %s, want %d", c.path, c.body, st, b, c.want)
		}
	}
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("bad decisions grew the log from %d to %d entries", before, after)
	}
}

// TestSourcesTextOverEvidenceLimit submits a text larger than the node's
// evidence limit (its --max-body, here 64 KiB) but within the extractor's:
// a 422 naming the text, not an internal error, and nothing logged.
func TestSourcesTextOverEvidenceLimit(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Init(ctx, InitOptions{Dir: dir, Origin: "test.truce.invalid/node", Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, &config.Server{Data: dir, MaxBody: 64 << 10}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	by := access.Principal{UserID: "u", Username: "un-analyst", Party: "un", Role: access.RoleAnalyst}
	text := corpus(t, "en01.txt") + strings.Repeat(" Residents said the night was quiet.", 3000)
	before := a.Hashes.Size()
	_, _, err = a.Sources.Submit(ctx, by, sources.NewSource{Text: text})
	var inv *fault.InvalidError
	if !errors.As(err, &inv) || inv.Field != "text" {
		t.Fatalf("a %d-byte text on a node keeping 64 KiB evidence: %v; want an invalid text", len(text), err)
	}
	if a.Hashes.Size() != before {
		t.Fatal("the refused text grew the log")
	}
}
