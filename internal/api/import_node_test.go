package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
)

// importNode is a real node (SQLite in a temp dir) behind httptest, with parties
// un (host), us and ru (co-chairs) and the users named ("us-reporter" is a
// reporter of us; users cost a password hash each, so tests name only
// those they use).
type importNode struct {
	t      *testing.T
	srv    *httptest.Server
	tokens map[string]string
}

func newImportNode(t *testing.T, users ...string) *importNode {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "test.truce.invalid/stix", Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := &importNode{t: t, tokens: map[string]string{}}
	for _, p := range []accounts.NewParty{{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range users {
		party, role, _ := strings.Cut(name, "-")
		u, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: party, Role: access.Role(role), Password: "password-" + name}, true)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
		if err != nil {
			t.Fatal(err)
		}
		n.tokens[name] = tok.Secret
	}
	n.srv = httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		n.srv.Close()
		a.Close()
	})
	return n
}

// do sends body (JSON-encoded unless it is []byte) as user ("" for the
// public) and returns the status, body and headers.
func (n *importNode) do(method, path, user, ctype string, body any) (int, []byte, http.Header) {
	n.t.Helper()
	var rd io.Reader
	if b, ok := body.([]byte); ok {
		rd = bytes.NewReader(b)
	} else if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, n.srv.URL+path, rd)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if m := req.Method; m != "GET" && user == "" {
		n.t.Fatalf("%s %s as the public", m, path)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

// must sends a request and fails the test unless the status is want.
func (n *importNode) must(want int, method, path, user string, body any) []byte {
	n.t.Helper()
	code, out, _ := n.do(method, path, user, "application/json", body)
	if code != want {
		n.t.Fatalf("%s %s as %s: %d %s, want %d", method, path, user, code, out, want)
	}
	return out
}

type incidentOut struct {
	ID          string               `json:"id"`
	ExternalID  string               `json:"external_id"`
	Category    string               `json:"category"`
	Time        map[string]string    `json:"time"`
	Location    json.RawMessage      `json:"location"`
	LocPrec     string               `json:"location_precision"`
	PlaceName   string               `json:"place_name"`
	Perpetrator map[string]string    `json:"perpetrator"`
	Casualties  []map[string]any     `json:"casualties"`
	Narrative   string               `json:"narrative"`
	Sources     []map[string]any     `json:"sources"`
	Release     access.Releasability `json:"releasability"`
	Seq         int64                `json:"seq"`
	Party       string               `json:"party"`
}

func (n *importNode) report(user string, body map[string]any) incidentOut {
	n.t.Helper()
	var in incidentOut
	if err := json.Unmarshal(n.must(201, "POST", "/api/v1/incidents", user, body), &in); err != nil {
		n.t.Fatal(err)
	}
	return in
}

func (n *importNode) assess(user, id string, seq int64, verdict string) int64 {
	n.t.Helper()
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/incidents/"+id+"/assessments",
		strings.NewReader(`{"verdict":"`+verdict+`","reasoning":"Assessed by `+user+`."}`))
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", `"`+seqString(seq)+`"`)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var in incidentOut
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Unmarshal(b, &in) != nil {
		n.t.Fatalf("assess %s as %s: %d %s", id, user, resp.StatusCode, b)
	}
	return in.Seq
}

func seqString(n int64) string { return strings.TrimSpace(string(noErr(json.Marshal(n)))) }

func noErr[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
