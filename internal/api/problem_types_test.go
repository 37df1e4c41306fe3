package api

import (
	"html/template"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryProblemTypeHasAPage reads the package's sources for every problem
// type a handler can answer with, and checks that the node serves a page
// for each: a type added without its page fails here.
func TestEveryProblemTypeHasAPage(t *testing.T) {
	produced := regexp.MustCompile(`(?:p\.Type(?:, p\.\w+)* = (?:\d+, )?|problemBase \+ )"([a-z-]+)"`)
	files, _ := filepath.Glob("*.go")
	found := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range produced.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = true
		}
	}
	if len(found) < 20 {
		t.Fatalf("found only %d problem types in the sources (%v): the pattern no longer matches how problems are written", len(found), found)
	}
	s := &Server{}
	for name := range found {
		if _, ok := problemTypes[name]; !ok {
			t.Errorf("problem type %q has no entry in problemTypes, so its type URI opens nothing", name)
			continue
		}
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/problems/"+name, nil)
		r.SetPathValue("name", name)
		s.getProblemType(w, r)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "<h1>"+template.HTMLEscapeString(problemTypes[name].Title)+"</h1>") {
			t.Errorf("GET /problems/%s: %d %.200s", name, w.Code, w.Body.String())
		}
	}
	for name := range problemTypes {
		if !found[name] {
			t.Errorf("problemTypes documents %q, which no handler answers with", name)
		}
	}
}
