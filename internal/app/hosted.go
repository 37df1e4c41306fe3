package app

import (
	"errors"
	"fmt"

	"truce/internal/federation/roster"
	"truce/internal/hosting"
)

// LoadHosted returns the parties hosted on the party node of party in dir:
// the members whose hosted_by is party in the roster installed there, in
// roster order. It returns nil for a hosted node (party "") and for a party
// node with no roster installed yet, and an error if the installed roster
// cannot be read or is invalid. The roster is read at Open; a roster
// change in force updates App.Hosted while the node runs.
func LoadHosted(dir, party string) ([]string, error) {
	if party == "" {
		return nil, nil
	}
	r, err := roster.LoadInstalled(dir)
	if errors.Is(err, roster.ErrNotInstalled) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("app: hosted parties: %w", err)
	}
	return r.Hosts(party), nil
}

// speaksFor returns the parties the node's log may hold statements of: a
// party node's own party and the parties it hosts; nil (every party) on a
// hosted node.
func (a *App) speaksFor() []string {
	if a.Party == "" {
		return nil
	}
	return append([]string{a.Party}, a.Hosted.List()...)
}

// hostedParties returns the hosted parties of the node of party, which a
// roster change may alter while it runs, or nil on a hosted node.
func hostedParties(party string, hosted []string) *hosting.Parties {
	if party == "" {
		return nil
	}
	return hosting.New(hosted)
}
