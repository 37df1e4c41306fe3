package incidents

import (
	"errors"
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
)

func TestDecide(t *testing.T) {
	chairs := []string{"ru", "us"}
	C, R, N := VerdictConfirmed, VerdictRejected, VerdictNeedsInformation
	cases := []struct {
		v    map[string]Verdict
		want Status
	}{
		{map[string]Verdict{"us": C}, StatusUnderReview},
		{map[string]Verdict{"us": C, "ru": N}, StatusUnderReview},
		{map[string]Verdict{"us": C, "ru": C}, StatusConfirmed},
		{map[string]Verdict{"us": R, "ru": R}, StatusUnfounded},
		{map[string]Verdict{"us": C, "ru": R}, StatusDisputed},
		{map[string]Verdict{"us": C, "un": R}, StatusUnderReview}, // un is no co-chair
		{map[string]Verdict{"us": C, "ru": C, "un": R}, StatusConfirmed},
	}
	for _, c := range cases {
		if got := Decide(chairs, c.v); got != c.want {
			t.Errorf("Decide(%v) = %s, want %s", c.v, got, c.want)
		}
	}
	if Decide(nil, map[string]Verdict{"us": C}) != StatusUnderReview {
		t.Error("no co-chairs decided something")
	}
}

func TestTransitionsAllowedAndForbidden(t *testing.T) {
	for _, s := range Statuses {
		assessErr, reopenErr := CanAssess(s), CanReopen(s)
		if s.Closed() != (assessErr != nil) || s.Closed() != (reopenErr == nil) {
			t.Errorf("%s: assess %v, reopen %v", s, assessErr, reopenErr)
		}
		for _, err := range []error{assessErr, reopenErr} {
			if err != nil && !errors.Is(err, fault.ErrConflict) {
				t.Errorf("%s: %v is not a conflict", s, err)
			}
		}
	}
	roles := map[access.Principal]bool{
		{UserID: "u", Role: access.RoleAnalyst, CoChair: true}:  true,
		{UserID: "u", Role: access.RoleAnalyst}:                 false,
		{UserID: "u", Role: access.RoleLiaison, CoChair: true}:  false,
		{UserID: "u", Role: access.RoleObserver, CoChair: true}: false,
		{}: false,
	}
	for p, ok := range roles {
		if (MayAssess(p) == nil) != ok {
			t.Errorf("MayAssess(%+v) = %v", p, MayAssess(p))
		}
	}
}

func TestConservative(t *testing.T) {
	k, i := Conservative([]Casualty{
		{Outcome: "killed", Group: "civilian", Min: 3, Max: 5}, {Outcome: "killed", Group: "civilian", Min: 2, Max: 9},
		{Outcome: "killed", Group: "combatant", Min: 1, Max: 1}, {Outcome: "injured", Group: "unknown", Min: 4, Max: 10},
	})
	if k != 3 || i != 4 {
		t.Fatalf("killed %d injured %d, want 3 and 4", k, i)
	}
}
