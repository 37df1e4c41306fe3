package mirror

import (
	"errors"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/ledger"
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
	// RetiredLogKeys are the keys the peer signed with before LogKey (the
	// roster's retired_log_keys); their names MUST be Origin. They verify
	// only what was verified before a rotation (a stored checkpoint
	// reloaded, evidence): a checkpoint fetched now MUST verify under
	// LogKey, so one signed with a retired key after the rotation is
	// refused.
	RetiredLogKeys []note.Verifier
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
	case slices.ContainsFunc(p.RetiredLogKeys, func(k note.Verifier) bool { return k.Name() != p.Origin }):
		return fmt.Errorf("mirror: peer %s: a retired log key is not named %q", p.Party, p.Origin)
	case p.Quorum < 0 || p.Quorum > len(p.Witnesses):
		return fmt.Errorf("mirror: peer %s: quorum %d impossible with %d witness key(s)", p.Party, p.Quorum, len(p.Witnesses))
	}
	return nil
}

// storedKey returns the key, LogKey or a retired one, whose signature the
// stored (earlier verified) checkpoint note msg carries; LogKey if none
// verifies, so that the caller's error names the key in force.
func (p Peer) storedKey(msg []byte) note.Verifier {
	if _, _, err := ledger.OpenCheckpoint(msg, p.LogKey); err == nil {
		return p.LogKey
	}
	for _, k := range p.RetiredLogKeys {
		if _, _, err := ledger.OpenCheckpoint(msg, k); err == nil {
			return k
		}
	}
	return p.LogKey
}
