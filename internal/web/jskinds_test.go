package web_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/membership"
	"truce/internal/notify"
	"truce/internal/web"
	"truce/internal/zones"
)

// everyEntryKind returns the entry kinds of every domain that appends to
// the log.
func everyEntryKind() []string {
	var all []string
	for _, ks := range [][]string{accounts.EntryKinds(), zones.EntryKinds(), incidents.EntryKinds(), notify.EntryKinds(),
		alerts.EntryKinds(), hotline.EntryKinds(), flights.EntryKinds(), membership.EntryKinds()} {
		all = append(all, ks...)
	}
	return all
}

// everySubjectPrefix returns the log subject prefix of every record type,
// each from its domain's constructor applied to the empty id.
func everySubjectPrefix() []string {
	return []string{incidents.Subject(""), zones.Subject(""), alerts.Subject(""), hotline.Subject(""),
		notify.Subject(notify.TypeSite, ""), notify.Subject(notify.TypeMovement, ""),
		flights.PlanSubject(""), flights.ReservationSubject(""), flights.ConflictSubject(""),
		accounts.UserSubject(""), accounts.TokenSubject(""), accounts.PartySubject(""), membership.Subject("")}
}

// joinedSubject names the pattern of a subject joined by hand.
const joinedSubject = "type + ':' + id"

// handSpelled returns the patterns of kinds and subject prefixes written
// into a UI file by hand: a kind as a whole word (incident.reported, not
// the translation key incident.reported_by), anywhere, comments included;
// a subject prefix opening a string or template literal or followed by one
// ('alert:' + id, `zone:${id}`), which an object key (incident: …) is not;
// and a subject joined from its parts (type + ':' + id).
func handSpelled() map[string]*regexp.Regexp {
	res := map[string]*regexp.Regexp{}
	for _, k := range everyEntryKind() {
		res[k] = regexp.MustCompile(`(?:^|[^\w.])` + regexp.QuoteMeta(k) + `(?:$|\W)`)
	}
	for _, p := range everySubjectPrefix() {
		res[p] = regexp.MustCompile(`(?:['"` + "`" + `]` + regexp.QuoteMeta(p) + `|(?:^|[^\w.])` + regexp.QuoteMeta(p) + `(?:['"` + "`" + `]|\$\{))`)
	}
	// A subject joined from a type and an id by hand (type + ':' + id).
	res[joinedSubject] = regexp.MustCompile(`['"]:['"]\s*\+|\+\s*['"]:['"]`)
	return res
}

// TestUIKeepsNoKindOrSubject fails if a module or page of the UI spells a
// log entry kind or builds a log subject from a prefix of its own: both
// come from GET /api/v1/ui/config (entry_kinds, subjects), which the
// domains' kind lists, predicates and subject constructors fill.
func TestUIKeepsNoKindOrSubject(t *testing.T) {
	res := handSpelled()
	files := 0
	err := fs.WalkDir(web.Assets(), "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".html")) {
			return err
		}
		files++
		b, err := fs.ReadFile(web.Assets(), p)
		if err != nil {
			return err
		}
		for n, line := range strings.Split(string(b), "\n") {
			for what, re := range res {
				if re.MatchString(line) {
					t.Errorf("%s:%d spells %q: read it from uiconfig.js (entryKinds, entryKind, subjectOf)", p, n+1, what)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 40 {
		t.Fatalf("scanned only %d files: the walk is broken", files)
	}
}

// TestHandSpelledPatterns checks the scanner on lines it must and must not
// flag, so that a pattern too loose or too strict shows here.
func TestHandSpelledPatterns(t *testing.T) {
	res := handSpelled()
	for _, tc := range []struct {
		line, what string
		want       bool
	}{
		{`const KINDS = ['zone.proposed', 'zone.agreed'];`, zones.KindProposed, true},
		{`if (e.kind === "incident.reported") {`, incidents.KindReported, true},
		{`// each incident.duplicate_linked entry, verified`, incidents.KindDuplicateLinked, true},
		{`t('incident.reported_by', { party })`, incidents.KindReported, false},
		{`t('zone.proposed_by')`, zones.KindProposed, false},
		{"historyCard(`/api/v1/log/entries?subject=${encodeURIComponent('alert:' + id)}`)", alerts.Subject(""), true},
		{"const subject = `incident:${inc.id}`;", incidents.Subject(""), true},
		{`x.subject === "flightplan:" + id`, flights.PlanSubject(""), true},
		{`const linkPaths = { incident: 'incidents', zone: 'zones' };`, incidents.Subject(""), false},
		{`const linkPaths = { incident: 'incidents', zone: 'zones' };`, zones.Subject(""), false},
		{`subjectOf('incident', inc.id)`, incidents.Subject(""), false},
		{`encodeURIComponent(type.replace(/s$/, '') + ':' + id)`, joinedSubject, true},
		{`const s = type + ":" + id;`, joinedSubject, true},
		{`h('span', {}, ': ', x)`, joinedSubject, false},
	} {
		if got := res[tc.what].MatchString(tc.line); got != tc.want {
			t.Errorf("%q flagged for %q = %v, want %v", tc.line, tc.what, got, tc.want)
		}
	}
}
