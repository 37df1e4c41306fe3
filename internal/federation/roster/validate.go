package roster

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/witness"
)

// PinPrefix starts every TLS pin: "sha256:" and 64 lower-case hex digits.
const PinPrefix = "sha256:"

// partyPattern is the syntax of a party id, the same as the accounts
// service requires of a party it creates.
var partyPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)

// FieldError is one problem of a roster or of a member's card: which
// member (`members[1] (party "ru")`, `card (party "ru")`, or "" for the
// roster's own fields), the field at fault and what is wrong, worded to
// say what to do.
type FieldError struct {
	Member string
	Field  string
	Reason string
}

// Error returns "roster: <member>: <field>: <reason>", or "roster: <field>:
// <reason>" for the roster's own fields.
func (e *FieldError) Error() string {
	if e.Member == "" {
		return fmt.Sprintf("roster: %s: %s", e.Field, e.Reason)
	}
	return fmt.Sprintf("roster: %s: %s: %s", e.Member, e.Field, e.Reason)
}

// Validate checks r as a whole and returns every problem it finds, joined
// (each a *FieldError), or nil. A valid roster has a name, version 1 or
// more, at least two members with a node of their own and at least one
// co-chair; parties, origins, log keys, witness keys and pins unique; keys
// that parse; https URLs; a quorum between 1 and the number of other
// nodes; and hosted members whose host is a member with a node.
func (r *Roster) Validate() error {
	var errs []error
	top := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if r.Federation == "" || len(r.Federation) > 200 || strings.ContainsFunc(r.Federation, isControl) {
		top("federation", "give the federation a name of 1 to 200 printable characters")
	}
	if r.Version < 1 {
		top("version", "%d: a roster's version starts at 1 and grows with each change", r.Version)
	}
	seen := map[string]map[string]int{"party": {}, "origin": {}, "log_key": {}, "witness_key": {}, "tls_pin": {}}
	nodes, coChairs := 0, 0
	for i, m := range r.Members {
		bad := func(field, format string, args ...any) {
			errs = append(errs, &FieldError{Member: fmt.Sprintf("members[%d] (party %q)", i, m.Party), Field: field, Reason: fmt.Sprintf(format, args...)})
		}
		unique := func(field, value string) {
			if value == "" {
				return
			}
			if j, dup := seen[field][value]; dup {
				bad(field, "the same as members[%d]'s (party %q): each member needs its own; ask this member for its own card", j, r.Members[j].Party)
				return
			}
			seen[field][value] = i
		}
		if !partyPattern.MatchString(m.Party) {
			bad("party", "want 2-32 lower-case letters, digits or '-', starting with a letter, as the party's id on its node")
		}
		unique("party", m.Party)
		if m.CoChair {
			coChairs++
		}
		if m.Hosted() {
			validateHosted(r, m, bad)
			continue
		}
		nodes++
		validateNode(m, bad)
		unique("origin", m.Origin)
		unique("log_key", m.LogKey)
		for _, k := range m.RetiredLogKeys {
			unique("log_key", k) // a retired key is never any member's key again
		}
		unique("witness_key", m.WitnessKey)
		unique("tls_pin", m.TLSPin)
	}
	if nodes < 2 {
		top("members", "%d members with a node of their own: a federation needs at least two; add the cards of the other founding members", nodes)
	}
	if coChairs == 0 && len(r.Members) > 0 {
		top("members", "no member is a co-chair: mark at least one (co_chair true) so that the roster can later be changed by proposal")
	}
	if nodes >= 2 && (r.Quorum < 1 || r.Quorum > nodes-1) {
		top("quorum", "%d: want 1 to %d, the cosignatures from other members' witnesses a peer's checkpoint needs (there are %d other nodes for each)", r.Quorum, nodes-1, nodes-1)
	}
	return errors.Join(errs...)
}

// ValidateMember checks one member entry on its own (a card): the checks of
// Validate that do not need the other members.
func ValidateMember(m Member) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Member: fmt.Sprintf("card (party %q)", m.Party), Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if !partyPattern.MatchString(m.Party) {
		bad("party", "want 2-32 lower-case letters, digits or '-', starting with a letter, as the party's id on its node")
	}
	if m.Hosted() {
		bad("hosted_by", "a card describes a node of its own; hosted members are added when the roster is assembled")
	} else {
		validateNode(m, bad)
	}
	return errors.Join(errs...)
}

// validateNode checks the fields of a member with a node of its own.
func validateNode(m Member, bad func(field, format string, args ...any)) {
	if m.Origin == "" || strings.ContainsAny(m.Origin, " +\n\t") || len(m.Origin) > 200 {
		bad("origin", "want the node's origin, a URL-like name without spaces or '+' as 'truce key' prints before the first '+'")
	}
	if v, err := note.NewVerifier(m.LogKey); err != nil {
		bad("log_key", "not a signed-note verifier key (%v): copy the line 'truce key --data DIR' prints on the member's node", err)
	} else if v.Name() != m.Origin {
		bad("log_key", "names %q, not the origin %q: the log key of a node is named after its origin", v.Name(), m.Origin)
	}
	for j, k := range m.RetiredLogKeys {
		field := fmt.Sprintf("retired_log_keys[%d]", j)
		if v, err := note.NewVerifier(k); err != nil {
			bad(field, "not a signed-note verifier key (%v): keep the key the member's earlier roster gave as log_key", err)
		} else if v.Name() != m.Origin {
			bad(field, "names %q, not the origin %q: a retired log key is one of the node's earlier log keys", v.Name(), m.Origin)
		}
	}
	if _, err := witness.ParseCosignatureVerifier(m.WitnessKey); err != nil {
		bad("witness_key", "not a cosignature/v1 verifier key (%v): take it from the member's card ('truce federation card')", err)
	}
	if !validPin(m.TLSPin) {
		bad("tls_pin", "want %q and 64 lower-case hex digits (the SHA-256 of the node's TLS certificate's public key); take it from the member's card", PinPrefix)
	}
	if len(m.URLs) == 0 {
		bad("urls", "give at least one https base URL of the member's federation listener")
	}
	seen := map[string]bool{}
	for j, u := range m.URLs {
		if reason := urlProblem(u); reason != "" {
			bad(fmt.Sprintf("urls[%d]", j), "%q: %s", u, reason)
		} else if seen[u] {
			bad(fmt.Sprintf("urls[%d]", j), "%q is listed twice: list each URL once", u)
		}
		seen[u] = true
	}
}

// validateHosted checks a hosted member: its host exists and has a node,
// and it has no node fields of its own.
func validateHosted(r *Roster, m Member, bad func(field, format string, args ...any)) {
	switch host, ok := r.ByParty(m.HostedBy); {
	case m.HostedBy == m.Party:
		bad("hosted_by", "a party cannot host itself: name the member whose node holds this party's log, or remove hosted_by")
	case !ok:
		bad("hosted_by", "%q is not a member: name a member of this roster that has a node", m.HostedBy)
	case host.Hosted():
		bad("hosted_by", "%q is itself hosted by %q: name the member that runs the node", m.HostedBy, host.HostedBy)
	}
	if m.Origin != "" || m.LogKey != "" || len(m.RetiredLogKeys) > 0 || m.WitnessKey != "" || m.TLSPin != "" || len(m.URLs) > 0 {
		bad("hosted_by", "a hosted member has no node, keys or URLs of its own: remove origin, log_key, witness_key, tls_pin and urls, or remove hosted_by")
	}
}

// validPin reports whether pin is "sha256:" and 64 lower-case hex digits.
func validPin(pin string) bool {
	h, ok := strings.CutPrefix(pin, PinPrefix)
	if !ok || len(h) != 64 || strings.ToLower(h) != h {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// urlProblem says what is wrong with a member's base URL, or "".
func urlProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "not a URL"
	case u.Scheme != "https":
		return "use https: nodes talk only over mutual TLS"
	case u.Host == "" || u.Hostname() == "":
		return "name the host, e.g. https://node.example.org:8443"
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return "give a base URL without user, query or fragment"
	}
	return ""
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
