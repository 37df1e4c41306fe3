package notify

import (
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
)

// A site deliberately not notified (Site.Withheld) is the notifying
// organisation's record that it knows of the site and chose to tell no
// party of it: partners fear that shared coordinates paint a target on
// their backs. The record does not imply that the site is unprotected;
// it is kept to the organisation alone (AMBER+STRICT or RED, audience the
// notifier: no party and no co-chair sees it), never asks for a receipt,
// and is never named to another party by the duplicate check. The
// organisation may notify it later (an update that names parties), but a
// site once notified cannot be withheld again: its parties already hold
// its coordinates, and withdrawing it is Cancel.

// withheldRelease returns the releasability of a site deliberately not
// notified by notifier: the requested AMBER+STRICT or RED (default
// AMBER+STRICT) with the notifier as its only audience. Any other label, or
// another party in the audience, is a *fault.InvalidError.
func withheldRelease(req *access.Releasability, notifier string) (access.Releasability, error) {
	r := access.Releasability{TLP: access.TLPAmberStrict}
	if req != nil {
		if req.TLP != access.TLPAmberStrict && req.TLP != access.TLPRed {
			return r, fault.Invalid("releasability.tlp", "a site deliberately not notified is kept to its organisation: AMBER+STRICT or RED")
		}
		if i := slices.IndexFunc(req.Audience, func(p string) bool { return p != notifier }); i >= 0 {
			return r, fault.Invalid("releasability.audience", "a site deliberately not notified is shown to no other party (%q)", req.Audience[i])
		}
		r.TLP = req.TLP
	}
	return access.Releasability{TLP: r.TLP, Audience: []string{notifier}}.Normalize(notifier), nil
}

// withheldParties checks that a site deliberately not notified names no
// party to notify.
func withheldParties(parties []string) error {
	if len(parties) > 0 {
		return fault.Invalid("parties", "a site deliberately not notified is told to no party; to notify it, send \"withheld\": false with its parties")
	}
	return nil
}
