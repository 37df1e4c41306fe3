package accounts

import (
	"fmt"
	"strings"

	"truce/internal/fault"
)

// ErrOtherPartyNode is the kind of refusal (wrapping fault.ErrForbidden)
// of a party node asked to hold users or tokens of a party it does not
// serve, or to authenticate one: in a federation each party's users live
// on its own party's node (or on the node the roster says hosts it), so
// that no node can act in another party's name.
var ErrOtherPartyNode = fmt.Errorf("a party node holds only its own party's users and tokens: %w", fault.ErrForbidden)

// ownParty returns nil on a hosted node (no node party) or if party is one
// of NodeParties, and otherwise a *fault.RefusalError of kind
// ErrOtherPartyNode saying where what is refused belongs.
func (s *Service) ownParty(party, what string) error {
	if s.nodeParty == "" || party == s.nodeParty || s.hosted.Contains(party) {
		return nil
	}
	node := s.nodeParty
	if hosted := s.hosted.List(); len(hosted) > 0 {
		node += " (hosting " + strings.Join(hosted, ", ") + ")"
	}
	return &fault.RefusalError{Kind: ErrOtherPartyNode, Msg: fmt.Sprintf(
		"this is the node of party %s: %s of party %s belong on %s's own node", node, what, party, party)}
}

// NodeParty returns the party of a party node, or "" on a hosted node.
func (s *Service) NodeParty() string { return s.nodeParty }

// NodeParties returns the parties whose users a party node holds: its own
// party first, then the parties it hosts, in roster order. It returns nil
// on a hosted node, which holds every party's users.
func (s *Service) NodeParties() []string {
	if s.nodeParty == "" {
		return nil
	}
	return append([]string{s.nodeParty}, s.hosted.List()...)
}
