package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"truce/internal/access"
	"truce/internal/gazetteer"
	"truce/internal/incidents"
	"truce/internal/zones"
)

// EvidenceDir is the directory under the data directory that holds
// evidence files, content-addressed by SHA-256.
const EvidenceDir = "evidence"

// openDomains builds the zones and incidents services and the gazetteer;
// start calls it before building the API, which serves them.
func (a *App) openDomains(now func() time.Time) error {
	known := func(ctx context.Context, party string) bool {
		_, err := a.Accounts.Store().Party(ctx, nil, party)
		return err == nil
	}
	g, err := gazetteer.Load()
	if err != nil {
		return fmt.Errorf("app: gazetteer: %w", err)
	}
	a.Places = g
	maxEvidence := a.Config.MaxBody
	if maxEvidence <= 0 {
		maxEvidence = 1 << 20
	}
	ev, err := incidents.NewEvidenceStore(filepath.Join(a.Config.Data, EvidenceDir), min(maxEvidence, incidents.DefaultMaxEvidence))
	if err != nil {
		return err
	}
	a.Zones = zones.NewService(a.DB.Zones(), a.Sequencer, now, known, a.Log)
	a.Incidents = incidents.NewService(incidents.Deps{
		Store: a.DB.Incidents(), Log: a.Sequencer, Evidence: ev, Places: g, Known: known, Now: now, Logger: a.Log,
		Zones: func(ctx context.Context, by access.Principal) (map[string]bool, error) {
			return a.Zones.VisibleIDs(ctx, by)
		},
	})
	return nil
}
