package app

import (
	"fmt"
	"time"

	"truce/internal/sitrep"
)

// sitrepConfig returns the situation report's period configuration from
// the node's --sitrep-cutoff and --sitrep-tz (their defaults when empty).
func (a *App) sitrepConfig() (sitrep.Config, error) {
	c := sitrep.DefaultConfig()
	if a.Config.SitrepCutoff != "" {
		cut, err := sitrep.ParseCutoff(a.Config.SitrepCutoff)
		if err != nil {
			return c, fmt.Errorf("app: --sitrep-cutoff: %w", err)
		}
		c.Cutoff = cut
	}
	if a.Config.SitrepTimeZone != "" {
		loc, err := time.LoadLocation(a.Config.SitrepTimeZone)
		if err != nil {
			return c, fmt.Errorf("app: --sitrep-tz: %w", err)
		}
		c.Location = loc
	}
	return c, nil
}

// newSitrep builds the situation report builder over the node's services.
func (a *App) newSitrep() (*sitrep.Builder, error) {
	cfg, err := a.sitrepConfig()
	if err != nil {
		return nil, err
	}
	return sitrep.New(sitrep.Deps{
		Sources: sitrep.Sources{Incidents: a.Incidents, Zones: a.Zones, Notify: a.Notify, Alerts: a.Alerts,
			Hotline: a.Hotline, Flights: a.Flights,
			SectionSources: sitrep.SectionSources{Monitoring: a.Monitoring, Cases: a.Cases, Agreements: a.Agreements}},
		Config: cfg,
		Origin: a.Keys.Origin(),
		Tree:   a.Hashes.Tree,
		// Every party's log mirrored here: a hosted node's is empty.
		MirroredLogs: a.DB.MirroredLogs,
	}), nil
}

// newSitrepIssuer builds the issuing and sign-off of reports over b, the
// log and the evidence store.
func (a *App) newSitrepIssuer(b *sitrep.Builder) *sitrep.Issuer {
	return sitrep.NewIssuer(sitrep.IssueDeps{Builder: b, Log: a.Sequencer, Entries: a.DB.EntriesBySubject,
		Content: sitrep.EvidenceContent{Store: a.Incidents.EvidenceStore()}, CoChairs: sitrep.CoChairsFrom(a.DB.Access().Parties),
		OfKind: a.DB.EntriesOfKind})
}

// sitrepDraftTick is how often the draft scheduler checks whether a
// period's cut-off has passed (--deadline-check, when set, instead).
const sitrepDraftTick = time.Minute

// newSitrepScheduler builds the daily draft of reports (--sitrep-drafts),
// issued in the node's party's name.
func (a *App) newSitrepScheduler(issuer *sitrep.Issuer, now func() time.Time) *sitrep.Scheduler {
	return sitrep.NewScheduler(sitrep.SchedulerDeps{Issuer: issuer, Raise: a.Alerts.Raise, Party: a.Accounts.NodeParty(),
		Now: now, Logger: a.Log})
}
