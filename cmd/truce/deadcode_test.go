package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// leafPackages are the domain and format packages whose exported functions
// must each serve the binary: a function that only tests call is dead code
// that still has to be read, kept correct and reviewed.
var leafPackages = []string{"geo", "deconflict", "incidents", "zones", "alerts", "notify", "hotline", "flights",
	"stream", "ledger", "accounts", "listing", "features", "ogc", "cap", "stix"}

// testOnly are the exported functions that tests may call alone, each for a
// reason: EntryKinds lists a domain's entry kinds for the store's test that
// every kind is projected or declared log-only; geo.Validate is the oracle
// the fuzz and property tests check Decode's normalisation against;
// geo.Circle draws the store tests' zone and incident fixtures.
var testOnly = []string{"accounts.EntryKinds", "alerts.EntryKinds", "flights.EntryKinds", "hotline.EntryKinds",
	"incidents.EntryKinds", "notify.EntryKinds", "zones.EntryKinds", "geo.Validate", "geo.Circle"}

// TestLeafFunctionsHaveProductionCallers checks that every exported
// package-level function of the leaf packages is named by some non-test
// file of the module (its own package or another), bar the testOnly list.
func TestLeafFunctionsHaveProductionCallers(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var files []*ast.File
	pkgOf := map[*ast.File]string{}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.Contains(path, string(filepath.Separator)+"testdata"+string(filepath.Separator)) {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		pkgOf[f] = filepath.ToSlash(filepath.Dir(path))
		return nil
	})
	if err != nil {
		t.Fatalf("parse the module's sources: %v", err)
	}
	// used holds "pkg.Name" for every selector naming a package-level
	// function from another package, and for every identifier of its own.
	used := map[string]bool{}
	declared := map[string]token.Position{}
	for _, f := range files {
		self := f.Name.Name
		imports := map[string]string{} // local name → last path element
		for _, im := range f.Imports {
			p := strings.Trim(im.Path.Value, `"`)
			name := p[strings.LastIndex(p, "/")+1:]
			local := name
			if im.Name != nil {
				local = im.Name.Name
			}
			imports[local] = name
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() &&
				slices.Contains(leafPackages, self) && strings.HasSuffix(pkgOf[f], "internal/"+self) {
				declared[self+"."+fd.Name.Name] = fset.Position(fd.Pos())
			}
		}
		// A function declaration's own name is not a use; its body is.
		var note func(n ast.Node) bool
		note = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					ast.Inspect(n.Body, note)
				}
				return false
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && imports[x.Name] != "" {
					used[imports[x.Name]+"."+n.Sel.Name] = true
				}
			case *ast.Ident:
				used[self+"."+n.Name] = true
			}
			return true
		}
		ast.Inspect(f, note)
	}
	if len(declared) == 0 {
		t.Fatal("no exported function found in the leaf packages")
	}
	for name, pos := range declared {
		if !used[name] && !slices.Contains(testOnly, name) {
			t.Errorf("%s (%s:%d) is called from tests alone: delete it, or call it from the production path",
				name, filepath.Base(pos.Filename), pos.Line)
		}
	}
}
