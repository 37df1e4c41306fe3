package alerts

import (
	"errors"
	"fmt"

	"truce/internal/access"
)

// ErrNoNodeParty is returned (wrapped) by Raise on a party node when none
// of the parties the node speaks for (its own, then those it hosts) may
// see every cause: the alert cannot be logged under any of them without
// showing that party what it may not see. The nodes of the parties that
// may see the causes raise it in their own logs.
var ErrNoNodeParty = errors.New("alerts: no party of this node may see every cause")

// owner returns the party an alert about causes, released as rel, is
// logged under. On a hosted node (no node party) it is the first party of
// the audience, as always. On a party node it is the node's own party if
// it may see every cause, else the first party the node hosts that may:
// a party node's log holds only the statements of the parties it speaks
// for, and the entry's owner joins its audience (ledger.Draft), so it must
// be one that may already see what the alert says. The audience and the
// parties concerned are never changed.
func (s *Service) owner(rel access.Releasability, causes []access.Releasability) (string, error) {
	if s.nodeParty == "" {
		return rel.Audience[0], nil
	}
	for _, p := range append([]string{s.nodeParty}, s.hosted.List()...) {
		if seesAll(p, causes) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w (node of %s hosting %v)", ErrNoNodeParty, s.nodeParty, s.hosted.List())
}

// seesAll reports whether a user of party may see every cause.
func seesAll(party string, causes []access.Releasability) bool {
	for _, c := range causes {
		if !c.VisibleTo(party) {
			return false
		}
	}
	return true
}
