package accounts

import (
	"strings"
	"testing"
)

// TestKindPredicates checks IsUserKind and IsPartyKind against every kind
// this package appends: they agree with the "user." and "party." families
// the token cache used to match by prefix, and refuse other kinds.
func TestKindPredicates(t *testing.T) {
	for _, k := range EntryKinds() {
		if got, want := IsUserKind(k), strings.HasPrefix(k, "user."); got != want {
			t.Errorf("IsUserKind(%q) = %v, want %v", k, got, want)
		}
		if got, want := IsPartyKind(k), strings.HasPrefix(k, "party."); got != want {
			t.Errorf("IsPartyKind(%q) = %v, want %v", k, got, want)
		}
	}
	for _, k := range []string{"", "user", "user.", "party", "party.", "token.revoked", "incident.reported"} {
		if IsUserKind(k) || IsPartyKind(k) {
			t.Errorf("kind %q taken for a user or party kind", k)
		}
	}
}

// TestSubjects checks the subject constructors against the subjects the
// log has always carried.
func TestSubjects(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{UserSubject("u1"), "user:u1"}, {TokenSubject("t1"), "token:t1"}, {PartySubject("un"), "party:un"},
	} {
		if tc.got != tc.want {
			t.Errorf("subject %q, want %q", tc.got, tc.want)
		}
	}
}
