package accounts

import (
	"fmt"

	"truce/internal/fault"
)

// ErrOtherPartyNode is the kind of refusal (wrapping fault.ErrForbidden)
// of a party node asked to hold users or tokens of another party, or to
// authenticate one: in a federation each party's users live on its own
// party's node, so that no node can act in another party's name.
var ErrOtherPartyNode = fmt.Errorf("a party node holds only its own party's users and tokens: %w", fault.ErrForbidden)

// ownParty returns nil on a hosted node (no node party) or if party is the
// node's party, and otherwise a *fault.RefusalError of kind
// ErrOtherPartyNode saying where what is refused belongs.
func (s *Service) ownParty(party, what string) error {
	if s.nodeParty == "" || party == s.nodeParty {
		return nil
	}
	return &fault.RefusalError{Kind: ErrOtherPartyNode, Msg: fmt.Sprintf(
		"this is the node of party %s: %s of party %s belong on %s's own node", s.nodeParty, what, party, party)}
}

// NodeParty returns the party of a party node, or "" on a hosted node.
func (s *Service) NodeParty() string { return s.nodeParty }
