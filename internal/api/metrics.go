package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"truce/internal/ledger"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	reg      *prometheus.Registry
	// loginRefused counts logins refused by the throttle (429), by the
	// scope that refused them; loginFailures counts failed logins.
	loginRefused  *prometheus.CounterVec
	loginFailures prometheus.Counter
	// rateLimited counts requests refused by the rate limit (429), by
	// what the bucket was keyed by: token, user or address.
	rateLimited *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry, hashes *ledger.HashStore) *metrics {
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "truce_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "truce_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	m.loginRefused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "truce_login_throttled_total", Help: "Logins refused (429) after earlier failures, by scope: account_source, source or account.",
	}, []string{"scope"})
	m.loginFailures = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "truce_login_failures_total", Help: "Logins refused for a wrong username or password.",
	})
	m.rateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "truce_rate_limited_total", Help: "Requests refused (429) by the rate limit, by what was limited: token, user or address.",
	}, []string{"by"})
	for _, by := range []string{"token", "user", "address"} {
		m.rateLimited.WithLabelValues(by)
	}
	reg.MustRegister(m.requests, m.duration, m.loginRefused, m.loginFailures, m.rateLimited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if hashes != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "truce_log_entries", Help: "Entries in the node's log.",
		}, func() float64 { return float64(hashes.Size()) }))
	}
	return m
}

func (m *metrics) observe(r *http.Request, status int, d time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

// getMetrics serves the node's metrics (GET /metrics) in the Prometheus
// text format, or OpenMetrics when the scraper's Accept header asks for
// it. The per-party alert and acknowledgement gauges count what the
// caller may see (metrics_parties.go).
func (s *Server) getMetrics(w http.ResponseWriter, r *http.Request) {
	g := prometheus.Gatherers{s.metrics.reg}
	if s.deps.Alerts != nil && s.deps.Notify != nil && s.deps.Accounts != nil {
		g = append(g, s.partyGatherer(r))
	}
	promhttp.HandlerFor(g, promhttp.HandlerOpts{EnableOpenMetrics: true, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelError)}).ServeHTTP(w, r)
}
