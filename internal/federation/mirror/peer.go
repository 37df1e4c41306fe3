package mirror

import (
	"errors"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/note"
)

// Peer is what the roster says about the member whose log is mirrored.
type Peer struct {
	// Party is the member party.
	Party string
	// Parties are the parties whose statements the peer's log may hold:
	// Party and the parties the roster says it hosts. Empty means Party
	// alone.
	Parties []string
	// Origin is the log's origin, the key name of its checkpoints.
	Origin string
	// LogKey verifies the peer's checkpoints; its name MUST be Origin.
	LogKey note.Verifier
	// Witnesses are the cosignature verifiers of the other members'
	// witnesses (never the peer's own).
	Witnesses []note.Verifier
	// Quorum is how many of Witnesses must have cosigned a checkpoint.
	Quorum int
}

// speaks reports whether the peer's log may hold a statement of party.
func (p Peer) speaks(party string) bool {
	if len(p.Parties) == 0 {
		return party == p.Party
	}
	return slices.Contains(p.Parties, party)
}

// validate checks that the peer is usable: a party, an origin that is the
// log key's name, and a possible quorum.
func (p Peer) validate() error {
	switch {
	case p.Party == "":
		return errors.New("mirror: peer has no party")
	case p.LogKey == nil:
		return fmt.Errorf("mirror: peer %s has no log key", p.Party)
	case p.Origin != p.LogKey.Name():
		return fmt.Errorf("mirror: peer %s: origin %q is not the log key's name %q", p.Party, p.Origin, p.LogKey.Name())
	case p.Quorum < 0 || p.Quorum > len(p.Witnesses):
		return fmt.Errorf("mirror: peer %s: quorum %d impossible with %d witness key(s)", p.Party, p.Quorum, len(p.Witnesses))
	}
	return nil
}
