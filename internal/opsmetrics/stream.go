package opsmetrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"truce/internal/stream"
)

// WebhookOutcomes are the outcomes of a delivery attempt
// (stream.Delivery.Status), each counted from zero.
var WebhookOutcomes = []string{"delivered", "retrying", "failed"}

// Deliveries counts webhook delivery attempts by outcome; its Delivered
// method is stream.DispatcherDeps.Delivered.
type Deliveries struct{ byOutcome *prometheus.CounterVec }

// NewDeliveries registers truce_webhook_deliveries_total in reg.
func NewDeliveries(reg prometheus.Registerer) *Deliveries {
	d := &Deliveries{byOutcome: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "truce_webhook_deliveries_total",
		Help: "Webhook delivery attempts by outcome: delivered, retrying (failed, tried again) or failed (attempts exhausted)."},
		[]string{"outcome"})}
	for _, o := range WebhookOutcomes {
		d.byOutcome.WithLabelValues(o)
	}
	reg.MustRegister(d.byOutcome)
	return d
}

// Delivered counts one attempt with outcome.
func (d *Deliveries) Delivered(outcome string) { d.byOutcome.WithLabelValues(outcome).Inc() }

// RegisterHub registers the live subscribers of hub (SSE streams) and the
// count of those dropped for falling behind, read from the hub's own
// counters at each scrape.
func RegisterHub(reg prometheus.Registerer, hub *stream.Hub) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "truce_sse_subscribers",
			Help: "Live event-stream (SSE) subscribers."}, func() float64 { return float64(hub.Stats().Subscribers) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "truce_sse_dropped_subscribers_total",
			Help: "Event-stream subscribers dropped for falling behind."}, func() float64 { return float64(hub.Stats().Dropped) }),
	)
}

// RegisterReadAudit registers the read-audit backlog: records of reads of
// sensitive content not yet written (accounts.Auditor.Backlog).
func RegisterReadAudit(reg prometheus.Registerer, backlog func() int) {
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "truce_read_audit_backlog",
		Help: "Read-audit records waiting to be written (queued, or kept after a failed write)."},
		func() float64 { return float64(backlog()) }))
}
