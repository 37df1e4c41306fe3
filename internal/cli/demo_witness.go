package cli

import (
	"context"
	"log/slog"
	"path/filepath"

	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// startDemoWitnesses runs a witness for each co-chair (us, ru) on loopback
// ports, with their state under dir/witness-<party>, and returns clients
// for the node.
func startDemoWitnesses(ctx context.Context, dir string, log *slog.Logger) ([]ledger.Witness, []config.Witness, func(), error) {
	keys, err := app.LoadNodeKeys(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	var stops []func()
	stopAll := func() {
		for _, s := range stops {
			s()
		}
	}
	var clients []ledger.Witness
	var cfgs []config.Witness
	for _, party := range []string{"us", "ru"} {
		name := "witness." + party + ".demo.truce.invalid"
		w, url, stop, err := startWitness(ctx, filepath.Join(dir, "witness-"+party), name, "127.0.0.1:0",
			[]witness.Log{{Origin: keys.Origin(), Keys: []string{keys.VerifierKey}}}, log)
		if err != nil {
			stopAll()
			return nil, nil, nil, err
		}
		stops = append(stops, stop)
		c, err := app.NewWitnessClient(url, w.VerifierKey())
		if err != nil {
			stopAll()
			return nil, nil, nil, err
		}
		clients = append(clients, c)
		cfgs = append(cfgs, config.Witness{URL: url, Key: w.VerifierKey()})
		log.Info("demo witness", "party", party, "url", url, "vkey", w.VerifierKey())
	}
	return clients, cfgs, stopAll, nil
}
