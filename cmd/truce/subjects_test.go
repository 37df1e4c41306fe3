package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// subjectOwners maps every log subject prefix to the package that owns it:
// only that package's constructor (a function named Subject or …Subject, or
// the constant it reads) may spell the prefix.
var subjectOwners = map[string]string{
	"incident:": "incidents", "zone:": "zones", "alert:": "alerts", "message:": "hotline",
	"flightplan:": "flights", "reservation:": "flights", "conflict:": "flights",
	"user:": "accounts", "token:": "accounts", "party:": "accounts", "membership:": "membership",
	"site:": "notify", "movement:": "notify",
}

// notSubjects are the places that spell a subject prefix for something
// that is not a log subject, each with its reason.
var notSubjects = map[string]string{
	"internal/api/middleware.go user:":      "rate-limit key of a principal",
	"internal/incidents/model.go party:":    "perpetrator filter key",
	"internal/incidents/importer.go party:": "perpetrator column of an import",
	"internal/stix/import.go party:":        "perpetrator of a STIX object",
	"internal/stix/extension.go party:":     "STIX identity name",
}

// TestSubjectsBuiltByTheirDomain checks that no non-test file builds or
// parses a log subject by hand (a prefix literal joined with + or passed
// to a strings prefix function): each goes through the owning domain's
// constructor or parser.
func TestSubjectsBuiltByTheirDomain(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		for _, decl := range f.Decls {
			inConstructor := isSubjectConstructor(decl)
			ast.Inspect(decl, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				owner, isPrefix := subjectOwners[s]
				if !isPrefix || notSubjects[rel+" "+s] != "" || (inConstructor && owner == f.Name.Name) {
					return true
				}
				t.Errorf("%s: %q is spelled by hand: use %s's subject constructor or parser", fset.Position(lit.Pos()), s, owner)
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("scan the module's sources: %v", err)
	}
}

// isSubjectConstructor reports whether decl is a function named Subject or
// …Subject (a constructor or Parse…Subject), or a constant whose name ends
// in subjectPrefix.
func isSubjectConstructor(decl ast.Decl) bool {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		return d.Recv == nil && strings.HasSuffix(d.Name.Name, "Subject")
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			if vs, ok := sp.(*ast.ValueSpec); ok && d.Tok == token.CONST {
				for _, n := range vs.Names {
					if strings.HasSuffix(strings.ToLower(n.Name), "subjectprefix") {
						return true
					}
				}
			}
		}
	}
	return false
}
