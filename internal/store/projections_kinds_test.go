package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"truce/internal/accounts"
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/federation/hostedlog"
	"truce/internal/federation/rosterchange"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/membership"
	"truce/internal/monitoring"
	"truce/internal/notify"
	"truce/internal/sitrep"
	"truce/internal/sources"
	"truce/internal/zones"
)

// domainEntryKinds returns, for every domain that appends entries, the
// kinds it declares (its EntryKinds).
func domainEntryKinds() map[string][]string {
	return map[string][]string{
		"accounts":     accounts.EntryKinds(),
		"zones":        zones.EntryKinds(),
		"incidents":    incidents.EntryKinds(),
		"findings":     findings.EntryKinds(),
		"rosterchange": rosterchange.EntryKinds(),
		"hostedlog":    hostedlog.EntryKinds(),
		"notify":       notify.EntryKinds(),
		"alerts":       alerts.EntryKinds(),
		"hotline":      hotline.EntryKinds(),
		"sitrep":       sitrep.EntryKinds(),
		"flights":      flights.EntryKinds(),
		"membership":   membership.EntryKinds(),
		"monitoring":   monitoring.EntryKinds(),
		"sources":      sources.EntryKinds(),
		"agreements":   agreements.EntryKinds(),
		"cases":        cases.EntryKinds(),
	}
}

// ruleProblems returns what is wrong with ds as the projection of the
// domains' kinds: a domain kind without a rule (or with one under another
// domain), a rule for a kind no domain declares, a kind with two rules, a
// rule that neither projects nor says why the kind is kept in the log only
// (or does both), and a domain on one side only.
func ruleProblems(ds []domainProjection, kinds map[string][]string) []string {
	var out []string
	seen := map[string]string{}
	for _, d := range ds {
		own, ok := kinds[d.domain]
		if !ok {
			out = append(out, "projections name domain "+d.domain+", which declares no entry kinds")
		}
		for _, r := range d.kinds {
			if prev, dup := seen[r.kind]; dup {
				out = append(out, r.kind+" has rules under "+prev+" and "+d.domain)
			}
			seen[r.kind] = d.domain
			if (r.apply == nil) == (r.logOnly == "") {
				out = append(out, r.kind+" must be either projected or declared kept in the log only")
			}
			if ok && !slices.Contains(own, r.kind) {
				out = append(out, r.kind+" has a rule under "+d.domain+", whose EntryKinds do not list it")
			}
		}
	}
	for domain, own := range kinds {
		if !slices.ContainsFunc(ds, func(d domainProjection) bool { return d.domain == domain }) {
			out = append(out, "domain "+domain+" has no entry in projections")
		}
		for _, k := range own {
			if seen[k] != domain {
				out = append(out, k+" (of "+domain+") is neither projected nor declared kept in the log only")
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestEveryEntryKindProjectedOrLogOnly checks the projection table against
// the kinds the domains declare: each has exactly one rule, under its own
// domain, that projects it or says why it is kept in the log only.
func TestEveryEntryKindProjectedOrLogOnly(t *testing.T) {
	if got := ruleProblems(projections, domainEntryKinds()); len(got) > 0 {
		t.Fatalf("the projection table does not match the domains' entry kinds:\n%s", strings.Join(got, "\n"))
	}
	for kind := range projectors {
		if !(&batchTx{}).Projects(kind) {
			t.Errorf("Projects(%q) = false for a projected kind", kind)
		}
	}
	if (&batchTx{}).Projects(incidents.KindDuplicateLinked) {
		t.Errorf("Projects(%q) = true for a kind kept in the log only", incidents.KindDuplicateLinked)
	}
}

// TestRuleProblemsCatchesGaps shows that the check above fails on the gaps
// it exists for.
func TestRuleProblemsCatchesGaps(t *testing.T) {
	withKind := func(domain, kind string) map[string][]string {
		ks := domainEntryKinds()
		ks[domain] = append(ks[domain], kind)
		return ks
	}
	withRule := func(domain string, r kindRule) []domainProjection {
		ds := slices.Clone(projections)
		for i := range ds {
			if ds[i].domain == domain {
				ds[i].kinds = append(slices.Clone(ds[i].kinds), r)
			}
		}
		return ds
	}
	someProjector := projectIncidentComment
	tests := []struct {
		name  string
		ds    []domainProjection
		kinds map[string][]string
		want  string
	}{
		{"new kind without a rule", projections, withKind("incidents", "incident.withdrawn"), "incident.withdrawn (of incidents) is neither projected"},
		{"rule under the wrong domain", withRule("flights", kindRule{kind: "alert.snoozed", apply: someProjector}), withKind("alerts", "alert.snoozed"), "alert.snoozed has a rule under flights"},
		{"rule for an undeclared kind", withRule("zones", kindRule{kind: "zone.renamed", apply: someProjector}), domainEntryKinds(), "zone.renamed has a rule under zones, whose EntryKinds do not list it"},
		{"two rules", withRule("zones", kindRule{kind: zones.KindAgreed, apply: someProjector}), domainEntryKinds(), "zone.agreed has rules under zones and zones"},
		{"rule that says nothing", withRule("zones", kindRule{kind: "zone.renamed"}), withKind("zones", "zone.renamed"), "zone.renamed must be either projected or declared"},
		{"rule that says both", withRule("zones", kindRule{kind: "zone.renamed", apply: someProjector, logOnly: "why"}), withKind("zones", "zone.renamed"), "zone.renamed must be either projected or declared"},
		{"domain without projections", projections, withKind("patrols", "patrol.started"), "domain patrols has no entry in projections"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ruleProblems(tc.ds, tc.kinds)
			if !slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, tc.want) }) {
				t.Fatalf("problems %q, want one starting %q", got, tc.want)
			}
		})
	}
}

// entryKindShape is what an entry kind looks like: "<subject type>.<event>".
var entryKindShape = regexp.MustCompile(`^[a-z][a-z_]*\.[a-z][a-z_]*$`)

// TestEntryKindConstantsListed reads the source of every package under
// internal and checks that each constant named Kind… or Entry… whose value
// is shaped like an entry kind is in some domain's EntryKinds, so that a
// kind added to a domain without being listed there (and so without a rule
// in projections) fails.
func TestEntryKindConstantsListed(t *testing.T) {
	var listed []string
	for _, ks := range domainEntryKinds() {
		listed = append(listed, ks...)
	}
	fset := token.NewFileSet()
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "testdata") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) || !(strings.HasPrefix(name.Name, "Kind") || strings.HasPrefix(name.Name, "Entry")) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil || !entryKindShape.MatchString(v) {
						continue
					}
					found++
					if !slices.Contains(listed, v) {
						t.Errorf("%s: %s = %q is not in its domain's EntryKinds (nor, so, in the projection table)", fset.Position(name.Pos()), name.Name, v)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < len(listed) {
		t.Fatalf("found %d entry kind constants, fewer than the %d kinds the domains list: the scan is broken", found, len(listed))
	}
}
