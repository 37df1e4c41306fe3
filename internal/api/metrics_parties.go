package api

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"truce/internal/access"
)

// partyGauges are the per-party gauges of open and overdue alerts and
// acknowledgements, computed for one scrape as its caller may see them:
// the public (a scraper without a token) counts only what is public, a
// scraper with an API token what the token's party may see.
var partyGauges = struct{ alertsOpen, alertsOverdue, acksOpen, acksOverdue *prometheus.Desc }{
	alertsOpen: prometheus.NewDesc("truce_alerts_open",
		"Open alerts awaiting the party's acknowledgement (as the scraper may see them).", []string{"party"}, nil),
	alertsOverdue: prometheus.NewDesc("truce_alerts_overdue",
		"Open alerts awaiting the party's acknowledgement past their deadline (as the scraper may see them).", []string{"party"}, nil),
	acksOpen: prometheus.NewDesc("truce_acknowledgements_open",
		"Acknowledgements of notifications the party owes (as the scraper may see them).", []string{"party"}, nil),
	acksOverdue: prometheus.NewDesc("truce_acknowledgements_overdue",
		"Acknowledgements of notifications the party owes past their deadline (as the scraper may see them).", []string{"party"}, nil),
}

// partyCollector collects partyGauges for one caller; every known party
// has a sample (0 when nothing is pending), so that rules see a party
// whose count falls back to nothing.
type partyCollector struct {
	s   *Server
	ctx context.Context
	by  access.Principal
	now time.Time
}

func (c partyCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- partyGauges.alertsOpen
	ch <- partyGauges.alertsOverdue
	ch <- partyGauges.acksOpen
	ch <- partyGauges.acksOverdue
}

// Collect reads the parties (cached) and runs one grouped query for
// alerts and one for acknowledgements. A failed read leaves its gauges out
// of the scrape (and is logged) rather than report zeros.
func (c partyCollector) Collect(ch chan<- prometheus.Metric) {
	ps, err := c.s.deps.Accounts.Store().Parties(c.ctx)
	if err != nil {
		c.s.log.ErrorContext(c.ctx, "metrics: parties", "err", err)
		return
	}
	parties := map[string]bool{}
	for _, p := range ps {
		parties[p.ID] = true
	}
	gauge := func(d *prometheus.Desc, party string, n int) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(n), party)
	}
	if as, err := c.s.deps.Alerts.PendingByParty(c.ctx, c.by, c.now); err != nil {
		c.s.log.ErrorContext(c.ctx, "metrics: alerts by party", "err", err)
	} else {
		for p := range parties {
			gauge(partyGauges.alertsOpen, p, as[p].Open)
			gauge(partyGauges.alertsOverdue, p, as[p].Overdue)
		}
	}
	if ks, err := c.s.deps.Notify.PendingAcksByParty(c.ctx, c.by, c.now); err != nil {
		c.s.log.ErrorContext(c.ctx, "metrics: acknowledgements by party", "err", err)
	} else {
		for p := range parties {
			gauge(partyGauges.acksOpen, p, ks[p].Open)
			gauge(partyGauges.acksOverdue, p, ks[p].Overdue)
		}
	}
}

// partyGatherer returns a gatherer of partyGauges as r's caller may see
// them.
func (s *Server) partyGatherer(r *http.Request) prometheus.Gatherer {
	reg := prometheus.NewRegistry()
	reg.MustRegister(partyCollector{s: s, ctx: r.Context(), by: principal(r), now: time.Now()})
	return reg
}
