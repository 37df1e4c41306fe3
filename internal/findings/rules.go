package findings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
)

// MonitorKind is the party kind of the monitoring cell.
const MonitorKind = "un"

// Limits on free text.
const (
	maxText  = 20_000
	maxShort = 500
	maxList  = 50
)

// MayInvestigate returns nil if p may open and run investigations and
// establish facts and attributions: an analyst or liaison of an active
// monitoring-cell party (monitors[p.Party]); fault.ErrForbidden otherwise.
func MayInvestigate(p access.Principal, monitors map[string]bool) error {
	if err := p.Require(access.RoleAnalyst, access.RoleLiaison); err != nil {
		return err
	}
	if !monitors[p.Party] {
		return fmt.Errorf("only the monitoring cell (parties of kind %q) investigates and establishes findings: %w", MonitorKind, fault.ErrForbidden)
	}
	return nil
}

// MayState returns nil if p may state its party's position or reply: an
// analyst or liaison of an active party.
func MayState(p access.Principal) error {
	return p.Require(access.RoleAnalyst, access.RoleLiaison)
}

// MayAllege returns nil if p may record an allegation: a reporter,
// analyst or liaison of an active party.
func MayAllege(p access.Principal) error {
	return p.Require(access.RoleReporter, access.RoleAnalyst, access.RoleLiaison)
}

// centreOf returns the monitoring cell, the co-chairs and the withdrawn
// parties among ps.
func centreOf(ps []accounts.Party, now time.Time) Centre {
	c := Centre{Monitors: map[string]bool{}, Withdrawn: map[string]bool{}, Now: now}
	for _, p := range ps {
		switch {
		case p.Retired != "":
			c.Withdrawn[p.ID] = true
		case p.Kind == MonitorKind:
			c.Monitors[p.ID] = true
		}
		if p.CoChair && p.Retired == "" {
			c.CoChairs = append(c.CoChairs, p.ID)
		}
	}
	slices.Sort(c.CoChairs)
	return c
}

func text(field, s string, limit int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return fault.Invalid(field, "is required")
	}
	if len(s) > limit {
		return fault.Invalid(field, "is longer than %d bytes", limit)
	}
	return nil
}

func oneOf(field, s string, set []string) error {
	if !slices.Contains(set, s) {
		return fault.Invalid(field, "%q is not one of %s", s, strings.Join(set, ", "))
	}
	return nil
}

func rfc3339(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fault.Invalid(field, "%q is not an RFC 3339 time", s)
	}
	return t, nil
}

func parties(field string, ps []string, known func(string) bool, required bool) error {
	if required && len(ps) == 0 {
		return fault.Invalid(field, "names no party")
	}
	if len(ps) > maxList {
		return fault.Invalid(field, "names more than %d parties", maxList)
	}
	for i, p := range ps {
		if !known(p) {
			return fault.Invalid(fmt.Sprintf("%s[%d]", field, i), "unknown party %q", p)
		}
	}
	return nil
}

func evidence(field string, shas []string, have func(string) bool) error {
	if len(shas) > maxList {
		return fault.Invalid(field, "names more than %d files", maxList)
	}
	for i, s := range shas {
		if have == nil || !have(s) {
			return fault.Invalid(fmt.Sprintf("%s[%d]", field, i), "no evidence file %q: upload it first (POST /api/v1/evidence)", s)
		}
	}
	return nil
}
