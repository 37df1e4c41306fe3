package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"filippo.io/torchwood"

	"truce/internal/ledger"
)

// TestBadInputChangesNothing sends malformed, oversize, mistyped and
// forbidden requests and checks each gets an RFC 9457 problem with the
// right status and that the log did not grow.
func TestBadInputChangesNothing(t *testing.T) {
	n := newTestNode(t)
	big := `{"username":"` + strings.Repeat("x", 2<<20) + `"}`
	cases := []struct {
		name, method, path, user string
		body                     any
		status                   int
	}{
		{"malformed json", "POST", "/api/v1/users", "us-admin", []byte(`{"username":`), 400},
		{"unknown field", "POST", "/api/v1/users", "us-admin", map[string]any{"username": "x1", "party": "us", "role": "observer", "password": "0123456789", "is_root": true}, 400},
		{"wrong type", "POST", "/api/v1/users", "us-admin", map[string]any{"username": 7}, 400},
		{"oversize body", "POST", "/api/v1/users", "us-admin", []byte(big), 413},
		{"invalid role", "POST", "/api/v1/users", "us-admin", map[string]any{"username": "x2", "party": "us", "role": "king", "password": "0123456789"}, 422},
		{"short password", "POST", "/api/v1/users", "us-admin", map[string]any{"username": "x3", "party": "us", "role": "observer", "password": "short"}, 422},
		{"unknown party", "POST", "/api/v1/users", "us-admin", map[string]any{"username": "x4", "party": "zz", "role": "observer", "password": "0123456789"}, 403},
		{"duplicate username", "POST", "/api/v1/users", "us-admin", map[string]any{"username": "us-observer", "party": "us", "role": "observer", "password": "0123456789"}, 409},
		{"not an admin", "POST", "/api/v1/users", "us-observer", map[string]any{"username": "x5", "party": "us", "role": "observer", "password": "0123456789"}, 403},
		{"other party's users", "POST", "/api/v1/users", "ru-admin", map[string]any{"username": "x6", "party": "us", "role": "admin", "password": "0123456789"}, 403},
		{"anonymous", "POST", "/api/v1/users", "", map[string]any{"username": "x7", "party": "us", "role": "observer", "password": "0123456789"}, 401},
		{"duplicate party", "POST", "/api/v1/parties", "us-admin", map[string]any{"id": "us", "name": "again", "kind": "military"}, 409},
		{"bad party id", "POST", "/api/v1/parties", "us-admin", map[string]any{"id": "U S", "name": "x", "kind": "military"}, 422},
		{"party by a non-co-chair", "POST", "/api/v1/parties", "un-admin", map[string]any{"id": "zz", "name": "x", "kind": "military"}, 403},
		{"revoke other party's token", "DELETE", "/api/v1/tokens/tok_nonexistent", "ru-admin", nil, 404},
		{"entry seq not a number", "GET", "/api/v1/log/entries/abc", "us-admin", nil, 400},
		{"entry beyond the log", "GET", "/api/v1/log/entries/99999", "us-admin", nil, 404},
		{"unknown route", "GET", "/api/v1/nothing", "us-admin", nil, 404},
		{"bad tile path", "GET", "/log/tile/x/y", "", nil, 400},
		{"tile beyond the tree", "GET", "/log/tile/0/999", "", nil, 404},
		{"brief not a boolean", "GET", "/api/v1/incidents?brief=maybe", "us-admin", nil, 400},
	}
	before := n.app.Hashes.Size()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, h := n.do(tc.method, tc.path, tc.user, tc.body)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			if ct := h.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q, want application/problem+json", ct)
			}
			var p struct {
				Type, Title, Detail string
				Status              int
			}
			if err := json.Unmarshal(body, &p); err != nil || p.Status != tc.status || p.Title == "" || p.Type == "" {
				t.Fatalf("not a problem document: %s", body)
			}
		})
	}
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("bad requests appended %d entries", after-before)
	}
}

func TestTokenRevocationTakesEffectAtOnce(t *testing.T) {
	n := newTestNode(t)
	code, body, _ := n.do("POST", "/api/v1/tokens", "us-liaison", map[string]any{"name": "script"})
	if code != 201 {
		t.Fatalf("issue: %d %s", code, body)
	}
	var tok struct{ ID, Secret string }
	json.Unmarshal(body, &tok)
	n.tokens["script"] = tok.Secret
	if code, _, _ := n.do("GET", "/api/v1/me", "script", nil); code != 200 {
		t.Fatalf("new token refused: %d", code)
	}
	if code, body, _ := n.do("DELETE", "/api/v1/tokens/"+tok.ID, "ru-admin", nil); code != 404 {
		t.Fatalf("another party revoked the token: %d %s", code, body)
	}
	if code, body, _ := n.do("DELETE", "/api/v1/tokens/"+tok.ID, "us-liaison", nil); code != 204 {
		t.Fatalf("revoke: %d %s", code, body)
	}
	if code, _, _ := n.do("GET", "/api/v1/me", "script", nil); code != 401 {
		t.Fatalf("revoked token still accepted: %d", code)
	}
	if code, _, _ := n.do("DELETE", "/api/v1/tokens/"+tok.ID, "us-liaison", nil); code != 409 {
		t.Fatalf("second revoke: %d, want 409", code)
	}
}

func TestSessionLoginCSRFAndLogout(t *testing.T) {
	n := newTestNode(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	post := func(path, body, csrf string) *http.Response {
		req, _ := http.NewRequest("POST", n.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if r := post("/api/v1/session", `{"username":"us-liaison","password":"wrong password"}`, ""); r.StatusCode != 401 {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/session", strings.NewReader(`{"username":"us-liaison","password":"password-us-liaison"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	if resp.StatusCode != 201 || sess.CSRF == "" {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "truce_session" && (!ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode) {
			t.Fatalf("session cookie lacks HttpOnly/SameSite=Strict: %+v", ck)
		}
	}
	if r, _ := c.Get(n.srv.URL + "/api/v1/me"); r.StatusCode != 200 {
		t.Fatalf("me with session: %d", r.StatusCode)
	}
	if r := post("/api/v1/tokens", `{"name":"x"}`, ""); r.StatusCode != 403 {
		t.Fatalf("unsafe request without CSRF token: %d, want 403", r.StatusCode)
	}
	if r := post("/api/v1/tokens", `{"name":"x"}`, sess.CSRF); r.StatusCode != 201 {
		t.Fatalf("unsafe request with CSRF token: %d", r.StatusCode)
	}
	req, _ = http.NewRequest("DELETE", n.srv.URL+"/api/v1/session", nil)
	req.Header.Set("X-CSRF-Token", sess.CSRF)
	// Keep the old cookie to replay it after logout.
	old := jar.Cookies(req.URL)
	if r, err := c.Do(req); err != nil || r.StatusCode != 204 {
		t.Fatalf("logout: %v %v", r, err)
	}
	req, _ = http.NewRequest("GET", n.srv.URL+"/api/v1/me", nil)
	for _, ck := range old {
		req.AddCookie(ck)
	}
	if r, _ := http.DefaultClient.Do(req); r.StatusCode != 401 {
		t.Fatalf("replayed cookie after logout: %d, want 401", r.StatusCode)
	}
}

// TestIndependentTlogClientReadsTheLog reads every entry bundle through
// torchwood's C2SP tlog-tiles client, which checks each tile against the
// checkpoint's tree, and compares the commitments with the store.
func TestIndependentTlogClientReadsTheLog(t *testing.T) {
	n := newTestNode(t)
	ctx := context.Background()
	cp, err := n.app.Checkpointer.SignNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ := n.do("GET", "/log/checkpoint", "", nil)
	if code != 200 {
		t.Fatalf("checkpoint: %d", code)
	}
	served, _, err := ledger.OpenCheckpoint(body, n.app.Keys.Verifier)
	if err != nil || served.N != cp.N {
		t.Fatalf("served checkpoint: %v (size %d, want %d)", err, served.N, cp.N)
	}
	fetcher, err := torchwood.NewTileFetcher(n.srv.URL + "/log/")
	if err != nil {
		t.Fatal(err)
	}
	client, err := torchwood.NewClient(fetcher)
	if err != nil {
		t.Fatal(err)
	}
	var count int64
	for i, commitment := range client.Entries(ctx, served.Tree, 0) {
		se, err := n.app.DB.Entry(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		if string(commitment) != string(se.Commitment[:]) {
			t.Fatalf("entry %d: bundle commitment differs from the store", i)
		}
		count++
	}
	if err := client.Err(); err != nil {
		t.Fatalf("torchwood client: %v", err)
	}
	if count != served.N {
		t.Fatalf("read %d entries, checkpoint has %d", count, served.N)
	}
}

func TestEntryProofVerifiesOffline(t *testing.T) {
	n := newTestNode(t)
	seq := n.app.Hashes.Size() - 1 // a token.issued entry, RED to un
	code, body, _ := n.do("GET", "/api/v1/log/entries/"+itoa(seq)+"/proof", "ru-observer", nil)
	if code != 200 {
		t.Fatalf("proof: %d %s", code, body)
	}
	p, err := ledger.ParseProof(body)
	if err != nil {
		t.Fatal(err)
	}
	cp, _, err := ledger.OpenCheckpoint(p.Checkpoint, n.app.Keys.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.VerifyInclusion(cp)
	if err != nil || e.Seq != seq {
		t.Fatalf("inclusion: %v", err)
	}
	// A proof whose entry bytes were altered in transit fails.
	p.Extra = []byte(strings.Replace(string(p.Extra), `"ru"`, `"us"`, 1))
	if _, err := p.VerifyInclusion(cp); err == nil {
		t.Fatal("altered entry verified")
	}
	// The JSON form carries the same canonical bytes and a proof.
	_, body, _ = n.do("GET", "/api/v1/log/entries/"+itoa(seq), "ru-observer", nil)
	var er struct {
		Canonical string
		Proof     struct {
			TreeSize int64 `json:"tree_size"`
		}
	}
	json.Unmarshal(body, &er)
	raw, _ := base64.StdEncoding.DecodeString(er.Canonical)
	if ledger.Commitment(raw) != ledger.Commitment(mustEntryBytes(t, n, seq)) || er.Proof.TreeSize <= seq {
		t.Fatalf("entry JSON: %s", body)
	}
}

func mustEntryBytes(t *testing.T, n *testNode, seq int64) []byte {
	se, err := n.app.DB.Entry(context.Background(), seq)
	if err != nil {
		t.Fatal(err)
	}
	return se.Canonical
}

func TestOperationalEndpoints(t *testing.T) {
	n := newTestNode(t)
	for path, want := range map[string]string{
		"/healthz":             "ok",
		"/readyz":              "ready",
		"/metrics":             "truce_http_requests_total",
		"/log/key":             "test.truce.invalid/node+",
		"/api/v1/openapi.json": `"openapi": "3.1.0"`,
	} {
		n.do("GET", "/healthz", "", nil) // so that the counter exists
		code, body, h := n.do("GET", path, "", nil)
		if code != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d, body lacks %q", path, code, want)
		}
		if h.Get("X-Frame-Options") != "DENY" || h.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: security headers missing", path)
		}
	}
}

// TestRevocationClearsCachedTokens uses a token (so that it is cached),
// revokes it through the service, and checks the very next request fails.
func TestRevocationClearsCachedTokens(t *testing.T) {
	n := newTestNode(t)
	for range 3 {
		if code, _, _ := n.do("GET", "/api/v1/me", "us-observer", nil); code != 200 {
			t.Fatalf("token refused: %d", code)
		}
	}
	ctx := context.Background()
	u, _ := n.app.Accounts.Store().UserByName(ctx, nil, "us-observer")
	toks, _ := n.app.Accounts.Store().TokensOfUser(ctx, u.ID)
	p, _ := n.app.Accounts.Principal(ctx, u, "test")
	for _, tok := range toks {
		if err := n.app.Accounts.RevokeToken(ctx, p, tok.ID); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, _ := n.do("GET", "/api/v1/me", "us-observer", nil); code != 401 {
		t.Fatalf("revoked (cached) token accepted: %d", code)
	}
}
