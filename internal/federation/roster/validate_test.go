package roster

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateAcceptsAGoodRoster(t *testing.T) {
	if err := testRoster(t).Validate(); err != nil {
		t.Fatalf("a good roster: %v", err)
	}
}

// TestValidateNamesMemberAndField checks that every kind of bad roster is
// refused with an error naming the member and field and saying what to do.
func TestValidateNamesMemberAndField(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(r *Roster)
		field string // "members[i] (party \"p\"): field" or the roster's field
		want  string // part of the reason
	}{
		{"no name", func(r *Roster) { r.Federation = "" }, "roster: federation", "give the federation a name"},
		{"version 0", func(r *Roster) { r.Version = 0 }, "roster: version", "starts at 1"},
		{"quorum 0", func(r *Roster) { r.Quorum = 0 }, "roster: quorum", "want 1 to 2"},
		{"quorum too big", func(r *Roster) { r.Quorum = 3 }, "roster: quorum", "want 1 to 2"},
		{"one node", func(r *Roster) { r.Members = r.Members[:1] }, "roster: members", "at least two"},
		{"no co-chair", func(r *Roster) { r.Members[0].CoChair, r.Members[1].CoChair = false, false }, "roster: members", "co-chair"},
		{"bad party", func(r *Roster) { r.Members[1].Party = "RU" }, `members[1] (party "RU"): party`, "lower-case"},
		{"duplicate party", func(r *Roster) { r.Members[2].Party = "us" }, `members[2] (party "us"): party`, `members[0]'s (party "us")`},
		{"duplicate origin", func(r *Roster) {
			r.Members[1].Origin, r.Members[1].LogKey = r.Members[0].Origin, r.Members[0].LogKey
		}, `members[1] (party "ru"): origin`, "each member needs its own"},
		{"duplicate witness key", func(r *Roster) { r.Members[1].WitnessKey = r.Members[0].WitnessKey }, `members[1] (party "ru"): witness_key`, "each member needs its own"},
		{"duplicate pin", func(r *Roster) { r.Members[2].TLSPin = r.Members[0].TLSPin }, `members[2] (party "un"): tls_pin`, "each member needs its own"},
		{"bad log key", func(r *Roster) { r.Members[0].LogKey = "fed.truce.invalid/us+00000000+AAAA" }, `members[0] (party "us"): log_key`, "truce key"},
		{"log key of another origin", func(r *Roster) { r.Members[0].Origin = "elsewhere.invalid/us" }, `members[0] (party "us"): log_key`, "named after its origin"},
		{"retired log key of another origin", func(r *Roster) { r.Members[0].RetiredLogKeys = []string{r.Members[1].LogKey} }, `members[0] (party "us"): retired_log_keys[0]`, "not the origin"},
		{"retired log key that is not a key", func(r *Roster) { r.Members[0].RetiredLogKeys = []string{"nope"} }, `members[0] (party "us"): retired_log_keys[0]`, "earlier roster"},
		{"retired log key still in use", func(r *Roster) { r.Members[0].RetiredLogKeys = []string{r.Members[0].LogKey} }, `members[0] (party "us"): log_key`, "each member needs its own"},
		{"note key as witness key", func(r *Roster) { r.Members[0].WitnessKey = r.Members[0].LogKey }, `members[0] (party "us"): witness_key`, "cosignature/v1"},
		{"pin without prefix", func(r *Roster) { r.Members[0].TLSPin = strings.TrimPrefix(r.Members[0].TLSPin, PinPrefix) }, `members[0] (party "us"): tls_pin`, "64 lower-case hex"},
		{"pin upper case", func(r *Roster) { r.Members[0].TLSPin = strings.ToUpper(r.Members[0].TLSPin) }, `members[0] (party "us"): tls_pin`, "64 lower-case hex"},
		{"no URL", func(r *Roster) { r.Members[0].URLs = nil }, `members[0] (party "us"): urls`, "at least one https"},
		{"http URL", func(r *Roster) { r.Members[0].URLs = []string{"http://us.invalid"} }, `members[0] (party "us"): urls[0]`, "use https"},
		{"URL without host", func(r *Roster) { r.Members[0].URLs = []string{"https:///x"} }, `members[0] (party "us"): urls[0]`, "name the host"},
		{"URL with query", func(r *Roster) { r.Members[0].URLs = []string{"https://us.invalid/?a=b"} }, `members[0] (party "us"): urls[0]`, "without user, query"},
		{"URL twice", func(r *Roster) { r.Members[0].URLs = append(r.Members[0].URLs, r.Members[0].URLs[0]) }, `members[0] (party "us"): urls[1]`, "listed twice"},
		{"hosted by non-member", func(r *Roster) { r.Members[3].HostedBy = "xx" }, `members[3] (party "ngo"): hosted_by`, "not a member"},
		{"hosted by hosted", func(r *Roster) {
			r.Members = append(r.Members, Member{Party: "red-crescent", HostedBy: "ngo"})
		}, `members[4] (party "red-crescent"): hosted_by`, `itself hosted by "un"`},
		{"hosted by itself", func(r *Roster) { r.Members[3].HostedBy = "ngo" }, `members[3] (party "ngo"): hosted_by`, "cannot host itself"},
		{"hosted with keys", func(r *Roster) { r.Members[3].TLSPin = r.Members[2].TLSPin }, `members[3] (party "ngo"): hosted_by`, "no node, keys or URLs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := testRoster(t)
			tc.edit(r)
			err := r.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("%v is not a *FieldError", err)
			}
			found := false
			for _, line := range strings.Split(err.Error(), "\n") {
				if strings.Contains(line, tc.field+":") && strings.Contains(line, tc.want) {
					found = true
				}
			}
			if !found {
				t.Fatalf("error %q does not name %q with %q", err, tc.field, tc.want)
			}
		})
	}
}

func TestValidateMemberIsACardCheck(t *testing.T) {
	m := testMember(t, "us", true)
	if err := ValidateMember(m); err != nil {
		t.Fatalf("good card: %v", err)
	}
	m.URLs = []string{"ftp://x"}
	if err := ValidateMember(m); err == nil || !strings.Contains(err.Error(), `card (party "us"): urls[0]`) {
		t.Fatalf("bad card: %v", err)
	}
	if err := ValidateMember(Member{Party: "ngo", HostedBy: "un"}); err == nil || !strings.Contains(err.Error(), "hosted_by") {
		t.Fatalf("hosted card: %v", err)
	}
}
