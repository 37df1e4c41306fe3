package flights

import (
	"slices"
	"strings"

	"truce/internal/access"
)

// Subject types: what each side of a conflict, intrusion or advisory is.
const (
	SubjectPlan        = "plan"
	SubjectTrack       = "track"
	SubjectReservation = "reservation"
	SubjectSite        = "site"
	SubjectMovement    = "movement"
)

// Subject is one side of a conflict record as logged: what it is, its id
// and party, and the releasability that says who may know it (for an
// aircraft the co-chairs too; see access.SubjectKnown). It is written only
// into the conflict.raised entry, whose audience may know every subject,
// and never served in a view.
type Subject struct {
	Type    string               `json:"type"`
	ID      string               `json:"id"`
	Party   string               `json:"party"`
	Release access.Releasability `json:"releasability"`
}

// aircraft reports whether the subject is an aircraft (a plan or a track).
func (s *Subject) aircraft() bool { return s.Type == SubjectPlan || s.Type == SubjectTrack }

// knownBy reports whether a user of party (a co-chair if chairs holds it)
// may know the subject's id and party.
func (s *Subject) knownBy(party string, chairs []string) bool {
	return access.SubjectKnown(party, slices.Contains(chairs, party), s.aircraft(), s.Release)
}

var subjectWords = map[string]string{SubjectPlan: "flight plan", SubjectTrack: "track", SubjectReservation: "reservation",
	SubjectSite: "notified site", SubjectMovement: "humanitarian movement"}

// shownName names a subject the reader may know: type, id and party.
func (s *Subject) shownName() string {
	return subjectWords[s.Type] + " " + s.ID + " (" + s.Party + ")"
}

// hiddenName names a subject the reader may not know: its type and the
// reader's opaque reference for it, never its id or party.
func (s *Subject) hiddenName(ref string) string {
	return subjectWords[s.Type] + " " + ref + " (another party)"
}

// render replaces {0} to {9} in tmpl with the names of the subjects.
func render(tmpl string, names []string) string {
	var sb strings.Builder
	sb.Grow(len(tmpl) + 64)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 || i+2 >= len(tmpl) || tmpl[i+2] != '}' || tmpl[i+1] < '0' || int(tmpl[i+1]-'0') >= len(names) {
			if i < 0 {
				sb.WriteString(tmpl)
				return sb.String()
			}
			sb.WriteString(tmpl[:i+1])
			tmpl = tmpl[i+1:]
			continue
		}
		sb.WriteString(tmpl[:i])
		sb.WriteString(names[tmpl[i+1]-'0'])
		tmpl = tmpl[i+3:]
	}
}

// Disclosure decides what each party may see of conflict records, after
// the one rule of access.SubjectKnown: a viewer that may know a subject
// sees its id and party; any other sees the reference OpaqueRef gives it
// under the node's key, no party, and the record's own place, time and
// separation. Every read path of conflicts and every alert and log entry
// about them goes through it.
// A Disclosure MUST NOT be used by two goroutines at once.
type Disclosure struct {
	refs   *access.OpaqueRefs
	chairs []string
}

// newDisclosure returns the Disclosure of a node whose reference key is
// key and whose co-chairs are chairs.
func newDisclosure(key []byte, chairs []string) Disclosure {
	return Disclosure{refs: access.NewOpaqueRefs(key), chairs: chairs}
}

// known reports, for each subject of c, whether a user of party may know
// it. Records logged before subjects were recorded (no About) are known
// only to the co-chairs.
func (d Disclosure) known(c *Conflict, party string) ([]bool, bool) {
	out := make([]bool, len(c.Subjects))
	all := true
	for i := range out {
		if len(c.About) == len(c.Subjects) {
			out[i] = c.About[i].knownBy(party, d.chairs)
		} else {
			out[i] = party != "" && slices.Contains(d.chairs, party)
		}
		all = all && out[i]
	}
	return out, all
}

// knowers returns the parties of candidates that may know every subject
// of c, sorted.
func (d Disclosure) knowers(c *Conflict, candidates []string) []string {
	var out []string
	for _, p := range candidates {
		if _, all := d.known(c, p); all {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// names returns the names of c's subjects as a user of party is to read
// them in a detail, title or description, given which it may know (from
// known) and its references for the others (refs, "" where known).
func (d Disclosure) names(c *Conflict, party string) []string {
	known, _ := d.known(c, party)
	return d.named(c, known, d.hide(c, party, known))
}

// hide returns party's references for the subjects of c it may not know
// ("" for those it may).
func (d Disclosure) hide(c *Conflict, party string, known []bool) []string {
	refs := make([]string, len(c.Subjects))
	for i, ok := range known {
		if !ok {
			refs[i] = d.refs.Ref(party, c.Subjects[i])
		}
	}
	return refs
}

// named returns the names of c's subjects given known and refs (see names).
func (d Disclosure) named(c *Conflict, known []bool, refs []string) []string {
	described := len(c.About) == len(c.Subjects)
	names := make([]string, len(c.Subjects))
	for i, ok := range known {
		switch {
		case ok && described:
			names[i] = c.About[i].shownName()
		case ok:
			names[i] = c.Subjects[i]
		case described:
			names[i] = c.About[i].hiddenName(refs[i])
		default:
			names[i] = refs[i]
		}
	}
	return names
}

// mayLearnOf reports whether party q may learn that reader read c: if
// reader is a co-chair (in every record's audience), or q may know every
// subject of reader's party (so q knows reader is concerned already).
func (d Disclosure) mayLearnOf(c *Conflict, q, reader string) bool {
	if slices.Contains(d.chairs, reader) {
		return true
	}
	if len(c.About) != len(c.Subjects) {
		return slices.Contains(d.chairs, q)
	}
	qKnown, _ := d.known(c, q)
	for i := range c.About {
		if c.About[i].Party == reader && !qKnown[i] {
			return false
		}
	}
	return true
}

// View returns c as by may see it: subjects by may not know replaced by
// by's opaque reference for them, their parties left out of Parties (unless
// a party of a subject by may know) and of the audience (unless also a
// co-chair, always in it),
// and the detail written with those names. The subjects' releasabilities
// (About) are never part of a view. AuditFor lists the parties concerned
// whose read audit records the read: every one other than by's that may
// learn that by read it (mayLearnOf), so that the audit reveals no hidden
// party either.
func (d Disclosure) View(by access.Principal, c *Conflict) Conflict {
	v := *c
	v.About, v.Template = nil, ""
	party := by.Party
	if !by.Authenticated() {
		party = ""
	}
	known, all := d.known(c, party)
	refs := d.hide(c, party, known)
	v.Subjects = slices.Clone(c.Subjects)
	shown := append(make([]string, 0, 8), party)
	if all { // a record without About: all or nothing
		shown = append(shown, c.Parties...)
	}
	for i, ok := range known {
		if !ok {
			v.Subjects[i] = refs[i]
		} else if len(c.About) == len(c.Subjects) {
			shown = append(shown, c.About[i].Party)
		}
	}
	hidden := func(p string) bool { return !slices.Contains(shown, p) }
	v.Parties = slices.DeleteFunc(slices.Clone(c.Parties), hidden)
	shown = append(shown, d.chairs...) // in every record's audience: naming them reveals nothing
	v.Release.Audience = slices.DeleteFunc(slices.Clone(c.Release.Audience), hidden)
	if c.Template != "" {
		v.Detail = render(c.Template, d.named(c, known, refs))
	} else if slices.Contains(known, false) {
		v.Detail = "" // a record logged before templates: its detail names every subject
	}
	v.AuditFor = nil
	for _, q := range c.Parties {
		if q != party && d.mayLearnOf(c, q, party) {
			v.AuditFor = append(v.AuditFor, q)
		}
	}
	return v
}
