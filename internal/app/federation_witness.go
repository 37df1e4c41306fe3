package app

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"

	"truce/internal/witness"
)

// witnessSwitch serves the embedded witness of the roster in force; a
// roster change replaces it (swap) between two requests, never during
// one.
type witnessSwitch struct {
	mu sync.RWMutex
	w  *witness.Witness
}

// ServeHTTP serves the request with the witness in force.
func (s *witnessSwitch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.w.ServeHTTP(rw, r)
}

// swap puts w in place of the witness in force, once no request uses
// it, and closes the old one. Both share the state file (WAL mode), so a
// request never meets a closed witness.
func (s *witnessSwitch) swap(w *witness.Witness) error {
	s.mu.Lock()
	old := s.w
	s.w = w
	s.mu.Unlock()
	if err := old.Close(); err != nil {
		return fmt.Errorf("app: federation witness close: %w", err)
	}
	return nil
}

// Close closes the witness in force.
func (s *witnessSwitch) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Close()
}

// openWitness opens the embedded witness configured with every peer's log
// key under the roster in force. Its state (the latest checkpoint it
// cosigned of each log) is kept in FederationWitnessFile across rosters:
// a peer removed and added again resumes from where it was.
func (f *Federation) openWitness(ctx context.Context) (*witness.Witness, error) {
	var logs []witness.Log
	for _, p := range f.peers() {
		logs = append(logs, witness.Log{Origin: p.Origin, Keys: []string{p.LogKey}})
	}
	w, err := witness.Open(ctx, filepath.Join(f.data, FederationWitnessFile), witness.Config{
		Cosigner: f.node().Witness, Logs: logs, Logger: f.log.With("witness", f.node().Witness.Verifier().Name())})
	if err != nil {
		return nil, fmt.Errorf("app: federation witness: %w", err)
	}
	return w, nil
}
