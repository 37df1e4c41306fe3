package app

import (
	"errors"
	"log/slog"

	"truce/internal/config"
	"truce/internal/ledger"
)

// newWitnessClients returns a client for each configured witness.
func newWitnessClients(ws []config.Witness, log *slog.Logger) ([]ledger.Witness, error) {
	if len(ws) > 0 {
		return nil, errors.New("witness clients: not wired yet")
	}
	return nil, nil
}
