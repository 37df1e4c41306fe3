package peerapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/peerapi"
)

// listener serves the peer API over a real HTTP server whose Checkpoint
// answers with checkpoint.
func listener(t *testing.T, l *fedtest.Log, checkpoint func(context.Context) ([]byte, error)) *httptest.Server {
	t.Helper()
	h, err := peerapi.New(peerapi.Config{
		Checkpoint: checkpoint, Tree: l.Hashes, Entries: l.DB, Gossip: l.DB.Mirrors(), Evidence: l.DB.Mirrors(),
		AddCheckpoint: http.NotFoundHandler(), Peer: headerPeer,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// fetch sends GET target to srv as party ("" for no member) and returns
// the answer with its body.
func fetch(t *testing.T, srv *httptest.Server, party, target string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if party != "" {
		req.Header.Set(partyHeader, party)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return resp, body
}

// TestEveryProblemTypeOpens makes the peer listener answer with each
// problem it can emit and opens the problem's type URI, resolved against
// the request as a client does: it is a page of the same node, served to
// anyone (a caller refused as no member reads why). The types met are
// exactly those the index page lists.
func TestEveryProblemTypeOpens(t *testing.T) {
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	l.Append(t, 3)
	ws := fedtest.Cosigners(t, "ru.truce.example/witness")
	signed := listener(t, l, func(context.Context) ([]byte, error) { return l.Sign(t, l.Tree(t, l.Hashes.Size()), ws...), nil })
	unsigned := listener(t, l, func(context.Context) ([]byte, error) { return nil, nil })
	failing := listener(t, l, func(context.Context) ([]byte, error) { return nil, errors.New("the disk is gone") })
	cases := []struct {
		srv           *httptest.Server
		party, target string
		kind          string
		status        int
	}{
		{signed, "", "/federation/v1/checkpoint", "forbidden", http.StatusForbidden},
		{signed, "ru", "/federation/v1/entries?start=2&end=1", "bad-range", http.StatusBadRequest},
		{signed, "ru", "/federation/v1/tiles", "not-found", http.StatusNotFound},
		{signed, "ru", "/federation/v1/evidence/ev_0", "not-found", http.StatusNotFound},
		{unsigned, "ru", "/federation/v1/checkpoint", "no-checkpoint", http.StatusNotFound},
		{failing, "ru", "/federation/v1/checkpoint", "internal", http.StatusInternalServerError},
		{signed, "ru", peerapi.ProblemPath + "no-such-type", "not-found", http.StatusNotFound},
	}
	met := map[string]bool{}
	for _, tc := range cases {
		resp, body := fetch(t, tc.srv, tc.party, tc.srv.URL+tc.target)
		var p struct {
			Type   string `json:"type"`
			Title  string `json:"title"`
			Status int    `json:"status"`
		}
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("GET %s as %q: %d %s, want a %d problem", tc.target, tc.party, resp.StatusCode, resp.Header.Get("Content-Type"), tc.status)
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Status != tc.status || p.Type != peerapi.ProblemPath+tc.kind {
			t.Fatalf("GET %s: problem %s (%v), want type %s%s and status %d", tc.target, body, err, peerapi.ProblemPath, tc.kind, tc.status)
		}
		typeURL, err := resp.Request.URL.Parse(p.Type)
		if err != nil {
			t.Fatalf("type %q: %v", p.Type, err)
		}
		page, html := fetch(t, tc.srv, "", typeURL.String())
		if page.StatusCode != http.StatusOK || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(html), "<h1>"+p.Title+"</h1>") || !strings.Contains(string(html), strconv.Itoa(p.Status)) {
			t.Errorf("type %s of GET %s does not open its page: %d %s\n%s", typeURL, tc.target, page.StatusCode, page.Header.Get("Content-Type"), html)
		}
		met[tc.kind] = true
	}
	resp, index := fetch(t, signed, "", signed.URL+peerapi.ProblemPath)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", peerapi.ProblemPath, resp.StatusCode)
	}
	var listed []string
	for _, m := range regexp.MustCompile(`<a href="`+regexp.QuoteMeta(peerapi.ProblemPath)+`([a-z-]+)">`).FindAllSubmatch(index, -1) {
		listed = append(listed, string(m[1]))
	}
	var metKinds []string
	for k := range met {
		metKinds = append(metKinds, k)
	}
	slices.Sort(listed)
	slices.Sort(metKinds)
	if !slices.Equal(listed, metKinds) {
		t.Errorf("the index lists %v, the listener was made to emit %v: add a case for each type", listed, metKinds)
	}
}

// TestEveryEmittedTypeHasAPage reads the package's code: each writeProblem
// call names its type as a string constant whose page the listener serves,
// so no problem the listener can emit points at nothing.
func TestEveryEmittedTypeHasAPage(t *testing.T) {
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	srv := listener(t, l, func(context.Context) ([]byte, error) { return nil, nil })
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if fn, ok := call.Fun.(*ast.Ident); !ok || fn.Name != "writeProblem" {
				return true
			}
			calls++
			lit, ok := call.Args[2].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: writeProblem's kind is not a string constant", fset.Position(call.Pos()))
				return true
			}
			kind, _ := strconv.Unquote(lit.Value)
			if resp, _ := fetch(t, srv, "", srv.URL+peerapi.ProblemPath+url.PathEscape(kind)); resp.StatusCode != http.StatusOK {
				t.Errorf("%s: writeProblem emits type %q, whose page answers %d: add it to problemTypes (problem_types.go)", fset.Position(call.Pos()), kind, resp.StatusCode)
			}
			return true
		})
	}
	if calls < 5 {
		t.Errorf("found %d writeProblem calls: the test no longer reads the code it should", calls)
	}
}
