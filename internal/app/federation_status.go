package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"truce/internal/alerts"
	"truce/internal/api"
	"truce/internal/federation/mirror"
)

// FederationStatus implements api.Federation: the roster and each peer's
// mirror state, from memory.
func (f *Federation) FederationStatus() api.FederationStatus {
	r := f.Roster()
	st := api.FederationStatus{Federated: true, Federation: r.Federation, Version: r.Version, RosterHash: f.RosterHash(),
		Party: f.Party, Quorum: r.Quorum, Members: r.Members, Peers: []api.PeerStatus{}}
	for _, m := range f.Mirrors() {
		st.Peers = append(st.Peers, peerStatus(m.Status()))
	}
	return st
}

// peerStatus maps a mirror's status to what users see, without its error
// text (which may name addresses).
func peerStatus(s mirror.Status) api.PeerStatus {
	p := api.PeerStatus{Party: s.Peer, Origin: s.Origin, AcceptedSize: s.AcceptedSize, AcceptedTime: s.AcceptedTime,
		LastContact: s.LastContact, PeerSize: s.PeerSize, Lag: s.Lag, Halted: s.HaltedBy != "", Evidence: s.HaltedBy}
	switch {
	case p.Halted:
		p.State = api.PeerHalted
	case s.LastError != "" || s.LastContact.IsZero():
		p.State = api.PeerUnreachable
	case s.Lag > 0:
		p.State = api.PeerLagging
	default:
		p.State = api.PeerSynced
	}
	return p
}

// watch raises an alert to every member party for each piece of evidence
// that halts a mirror, checking every poll interval until ctx ends. The
// alert's key is the evidence id, so it is raised once per piece of
// evidence, also across restarts (alerts.Service.Raise).
func (f *Federation) watch(ctx context.Context, a *App) {
	t := time.NewTicker(f.poll)
	defer t.Stop()
	for {
		for _, m := range f.Mirrors() {
			if id := m.Status().HaltedBy; id != "" && !f.alerted[id] {
				created, err := f.raise(ctx, a, id)
				if err != nil {
					if ctx.Err() == nil {
						f.log.ErrorContext(ctx, "federation evidence: alert not raised", "evidence", id, "err", err)
					}
					continue
				}
				f.alerted[id] = true
				f.log.InfoContext(ctx, "federation evidence alert", "evidence", id, "new", created)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// EvidenceAlertKey is the key of the alert raised for the evidence id.
func EvidenceAlertKey(id string) string { return "federation_evidence:" + id }

// raise records the alert for evidence id, naming the peer, the kind of
// evidence and how to fetch and verify it. It reports false if the alert
// had been raised already (by this process or before a restart).
func (f *Federation) raise(ctx context.Context, a *App, id string) (bool, error) {
	ev, err := a.DB.Mirrors().Evidence(ctx, id)
	if err != nil {
		return false, fmt.Errorf("app: federation evidence %s: %w", id, err)
	}
	var all []string
	for _, m := range f.Roster().Members {
		all = append(all, m.Party)
	}
	slices.Sort(all)
	_, created, err := a.Alerts.Raise(ctx, alerts.Spec{
		Key: EvidenceAlertKey(id), Kind: alerts.KindOther, Severity: alerts.SeverityExtreme,
		Title: fmt.Sprintf("Federation: %s evidence against %s's node", ev.Kind, ev.Party),
		Description: fmt.Sprintf("%s's node found %s evidence %s against %s's log (origin %s): %s. "+
			"Mirroring from %s is stopped until an operator clears it. Fetch it on %s's node with "+
			"'truce federation evidence --data DIR --id %s > ev.json' (or GET /federation/v1/evidence/%s as a member) "+
			"and check it offline with 'truce verify --evidence ev.json --log-key KEY --witness-key K… --quorum %d' "+
			"(keys from the roster).",
			f.Party, ev.Kind, id, ev.Party, ev.Origin, ev.Detail, ev.Party, f.Party, id, id, f.Roster().Quorum),
		Concerned: all,
	})
	if err != nil {
		return false, fmt.Errorf("app: federation evidence %s: alert: %w", id, err)
	}
	return created, nil
}

// register adds the per-peer gauges to reg: lag in entries, accepted
// size, seconds since last contact (-1 before any) and halted (1 or 0),
// one series per peer of the roster in force at each scrape.
func (f *Federation) register(reg *prometheus.Registry) error {
	if err := reg.Register(peerCollector{f}); err != nil {
		return fmt.Errorf("app: federation metrics: %w", err)
	}
	return nil
}

// peerGauge is one per-peer gauge.
type peerGauge struct {
	desc  *prometheus.Desc
	value func(api.PeerStatus) float64
}

// peerGauges are the per-peer gauges, labelled by peer party.
var peerGauges = []peerGauge{
	{prometheus.NewDesc("truce_federation_peer_lag_entries", "Entries the peer has signed that this node has not mirrored yet.", []string{"peer"}, nil),
		func(p api.PeerStatus) float64 { return float64(p.Lag) }},
	{prometheus.NewDesc("truce_federation_peer_accepted_size", "Size of the last checkpoint accepted from the peer.", []string{"peer"}, nil),
		func(p api.PeerStatus) float64 { return float64(p.AcceptedSize) }},
	{prometheus.NewDesc("truce_federation_peer_contact_age_seconds", "Seconds since the peer last served a valid checkpoint (-1: never).", []string{"peer"}, nil),
		func(p api.PeerStatus) float64 {
			if p.LastContact.IsZero() {
				return -1
			}
			return time.Since(p.LastContact).Seconds()
		}},
	{prometheus.NewDesc("truce_federation_peer_halted", "1 while evidence against the peer stops mirroring from it.", []string{"peer"}, nil),
		func(p api.PeerStatus) float64 {
			if p.Halted {
				return 1
			}
			return 0
		}},
}

// peerCollector collects peerGauges for the mirrors in force at each
// scrape, so peers added or removed by a roster change appear or vanish.
type peerCollector struct{ f *Federation }

// Describe implements prometheus.Collector.
func (c peerCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, g := range peerGauges {
		ch <- g.desc
	}
}

// Collect implements prometheus.Collector.
func (c peerCollector) Collect(ch chan<- prometheus.Metric) {
	for _, m := range c.f.Mirrors() {
		st := peerStatus(m.Status())
		for _, g := range peerGauges {
			ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, g.value(st), st.Party)
		}
	}
}
