package app

import (
	"testing"
	"time"

	"truce/internal/config"
	"truce/internal/pgtest"
	"truce/internal/testwait"
)

// TestMetricsOnPostgres moves a node with an overdue acknowledgement and
// its alert to PostgreSQL (TRUCE_TEST_POSTGRES; skipped without it) and
// scrapes it: the per-party counts come from PostgreSQL's grouped queries
// as they came from SQLite's, and the commit latency is labelled postgres.
func TestMetricsOnPostgres(t *testing.T) {
	pgtest.Need(t)
	cfg := &config.Server{Data: t.TempDir(), SiteAckDeadline: time.Millisecond, DeadlineCheck: 50 * time.Millisecond}
	n := &metricsNode{testNode: newTestNodeConfig(t, cfg)}
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "Metrics clinic"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.17, 36.2}}, "buffer_m": 300,
		"parties": []string{"ru"}, "releasability": map[string]any{"tlp": "GREEN"}}
	n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site)
	alertRaised := atLeast("ru-observer", "truce_alerts_open", nil, 1)
	testwait.For(t, 10*time.Second, "the overdue acknowledgement's alert", func() bool { met, _, _ := n.met(alertRaised); return met })
	n.reopenOn(t, n.copyToPostgres(t))
	site["names"], site["location"] = map[string]string{"en": "Metrics school"}, map[string]any{"type": "Point", "coordinates": []float64{37.3, 36.2}}
	n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site)
	for _, w := range []want{
		exactly("ru-observer", "truce_acknowledgements_open", map[string]string{"party": "ru"}, 2),
		exactly("ru-observer", "truce_acknowledgements_overdue", map[string]string{"party": "ru"}, 2),
		exactly("", "truce_acknowledgements_open", map[string]string{"party": "ru"}, 0),
		alertRaised,
		exactly("ru-observer", "truce_alerts_overdue", nil, 0),
		atLeast("", "truce_store_commit_duration_seconds", map[string]string{"engine": "postgres"}, 1),
	} {
		testwait.For(t, 10*time.Second, w.metric+" as "+w.as+" on PostgreSQL", func() bool { met, _, _ := n.met(w); return met })
	}
}
