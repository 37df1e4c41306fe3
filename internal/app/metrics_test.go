package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"truce/internal/config"
	"truce/internal/ledger"
	"truce/internal/testwait"
	"truce/internal/witness"
)

// metricsNode is a test node whose checkpoints go, with a quorum of one,
// to a real witness served over HTTP (witnessName) and to a witness that
// never answers (deadWitness); it rate-limits requests, and notified
// parties' acknowledgements are overdue as soon as they are owed.
type metricsNode struct {
	*testNode
	witness *httptest.Server
}

const (
	witnessName = "witness.truce.invalid/metrics"
	deadWitness = "witness.truce.invalid/dead"
)

func newMetricsNode(t *testing.T) *metricsNode {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	vkey := initTestDir(t, dir)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	wkey, wvkey, err := witness.GenerateKey(witnessName)
	if err != nil {
		t.Fatal(err)
	}
	cosigner, err := witness.NewCosigner(wkey)
	if err != nil {
		t.Fatal(err)
	}
	w, err := witness.Open(ctx, filepath.Join(t.TempDir(), "witness.db"), witness.Config{Cosigner: cosigner,
		Logs: []witness.Log{{Origin: "test.truce.invalid/node", Keys: []string{vkey}}}, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	live := httptest.NewServer(w)
	t.Cleanup(live.Close)
	good, err := NewWitnessClient(live.URL, wvkey)
	if err != nil {
		t.Fatal(err)
	}
	_, deadKey, err := witness.GenerateKey(deadWitness)
	if err != nil {
		t.Fatal(err)
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // nothing listens there any more
	dead, err := NewWitnessClient(closed.URL, deadKey)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Server{Data: dir, Quorum: 1, RateLimit: 100, CheckpointInterval: time.Hour,
		SiteAckDeadline: time.Millisecond, DeadlineCheck: 50 * time.Millisecond}
	n := newTestNodeConfig(t, cfg, Options{Witnesses: []ledger.Witness{good, dead}})
	n.addAgency("ngo") // not a co-chair: outside a notification's audience unless named
	return &metricsNode{testNode: n, witness: live}
}

// scrape returns the metric families of GET /metrics as user sees them
// (empty: the public), in the Prometheus text format.
func (n *metricsNode) scrape(user string) map[string]*dto.MetricFamily {
	n.t.Helper()
	code, body, _ := n.do("GET", "/metrics", user, nil)
	if code != 200 {
		n.t.Fatalf("GET /metrics as %q: %d %s", user, code, body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		n.t.Fatalf("GET /metrics: %v", err)
	}
	return fams
}

// sample is the sum of the samples of metric whose labels include labels
// (a histogram's: their counts); ok is false if there is none.
func sample(fams map[string]*dto.MetricFamily, metric string, labels map[string]string) (v float64, ok bool) {
	f := fams[metric]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, want := range labels {
			if have[k] != want {
				continue next
			}
		}
		ok = true
		switch {
		case m.Counter != nil:
			v += m.Counter.GetValue()
		case m.Gauge != nil:
			v += m.Gauge.GetValue()
		case m.Histogram != nil:
			v += float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			v += m.Untyped.GetValue()
		}
	}
	return v, ok
}

// want is a metric a scrape as user must show, with a value in [min, max].
type want struct {
	as       string // who scrapes; empty: the public
	metric   string
	labels   map[string]string
	min, max float64
}

// atLeast wants metric{labels} present with a value of at least min.
func atLeast(as, metric string, labels map[string]string, min float64) want {
	return want{as: as, metric: metric, labels: labels, min: min, max: 1e300}
}

// exactly wants metric{labels} present with the value v.
func exactly(as, metric string, labels map[string]string, v float64) want {
	return want{as: as, metric: metric, labels: labels, min: v, max: v}
}

// met reports whether a scrape shows w, and what it shows.
func (n *metricsNode) met(w want) (bool, float64, bool) {
	v, ok := sample(n.scrape(w.as), w.metric, w.labels)
	return ok && v >= w.min && v <= w.max, v, ok
}

// TestMetricsFollowTheirEvents scrapes a real node over HTTP after each
// event that drives a metric, in order, and checks the metric shows it;
// metrics updated in the background are waited for. The per-party gauges
// count only what the scraper may see: no notification is counted for the
// public, and one whose audience leaves out the agency ngo is not counted
// for ngo. Then the scrape is
// checked by promtool, offered as OpenMetrics when asked for, and every
// metric the shipped alerting rules and dashboard use is in it.
func TestMetricsFollowTheirEvents(t *testing.T) {
	n := newMetricsNode(t)
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer ok.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }))
	defer failing.Close()
	sites := 0
	site := func(name string, parties []string, release map[string]any) map[string]any {
		sites++ // each a kilometre or more from the others, so none is flagged a duplicate
		return map[string]any{"kind": "hospital", "names": map[string]string{"en": name},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.17 + 0.02*float64(sites), 36.2}}, "buffer_m": 300,
			"parties": parties, "releasability": release}
	}
	var stopStream context.CancelFunc
	defer func() {
		if stopStream != nil {
			stopStream()
		}
	}()
	w, sqlite := map[string]string{"witness": witnessName}, map[string]string{"engine": "sqlite"}
	steps := []struct {
		name  string
		drive func(t *testing.T)
		wants []want
	}{
		{"the first checkpoint, cosigned by one of two witnesses", func(*testing.T) {}, []want{
			atLeast("", "truce_checkpoint_published_timestamp_seconds", nil, 1),
			atLeast("", "truce_checkpoint_age_seconds", nil, 0),
			atLeast("", "truce_checkpoint_size", nil, 1),
			exactly("", "truce_checkpoint_quorum", nil, 1),
			exactly("", "truce_checkpoint_cosignatures", nil, 1),
			exactly("", "truce_checkpoint_failures_total", nil, 0),
			atLeast("", "truce_witness_cosign_duration_seconds", w, 1),
			exactly("", "truce_witness_failures_total", w, 0),
			atLeast("", "truce_witness_failures_total", map[string]string{"witness": deadWitness}, 1),
		}},
		{"webhooks and a stream subscriber", func(t *testing.T) {
			n.must(201, "POST", "/api/v1/webhooks", "us-liaison", "", map[string]any{"url": ok.URL + "/hook"})
			n.must(201, "POST", "/api/v1/webhooks", "us-liaison", "", map[string]any{"url": failing.URL + "/hook"})
			var ctx context.Context
			ctx, stopStream = context.WithCancel(context.Background())
			req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+"/api/v1/stream", nil)
			req.Header.Set("Authorization", "Bearer "+n.tokens["ru-observer"])
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { resp.Body.Close() })
		}, []want{
			atLeast("", "truce_sse_subscribers", nil, 1),
			exactly("", "truce_sse_dropped_subscribers_total", nil, 0),
		}},
		{"notifications: one to ru released to every member, one to us that ngo may not see", func(*testing.T) {
			n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site("Metrics clinic", []string{"ru"}, map[string]any{"tlp": "GREEN"}))
			n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site("Metrics depot", []string{"us"},
				map[string]any{"tlp": "AMBER", "audience": []string{"us"}}))
		}, []want{
			atLeast("", "truce_sequencer_batch_entries", nil, 1),
			atLeast("", "truce_sequencer_commit_duration_seconds", nil, 1),
			atLeast("", "truce_store_commit_duration_seconds", sqlite, 1),
			exactly("", "truce_sequencer_commit_failures_total", nil, 0),
			exactly("ru-observer", "truce_acknowledgements_open", map[string]string{"party": "ru"}, 1),
			exactly("ru-observer", "truce_acknowledgements_overdue", map[string]string{"party": "ru"}, 1),
			exactly("", "truce_acknowledgements_open", map[string]string{"party": "ru"}, 0), // notifications are never public
			exactly("ngo-liaison", "truce_acknowledgements_open", map[string]string{"party": "us"}, 0),
			exactly("us-observer", "truce_acknowledgements_open", map[string]string{"party": "us"}, 1),
			exactly("us-observer", "truce_acknowledgements_overdue", map[string]string{"party": "us"}, 1),
			atLeast("", "truce_webhook_deliveries_total", map[string]string{"outcome": "delivered"}, 1),
			atLeast("", "truce_webhook_deliveries_total", map[string]string{"outcome": "retrying"}, 1),
			exactly("", "truce_webhook_deliveries_total", map[string]string{"outcome": "failed"}, 0),
			atLeast("un-liaison", "truce_alerts_open", nil, 1), // the overdue acknowledgements' alerts
			exactly("un-liaison", "truce_alerts_overdue", nil, 0),
			exactly("", "truce_read_audit_backlog", nil, 0),
		}},
		{"requests over the rate limit", func(t *testing.T) {
			limited := 0
			for range 400 {
				if code, _, _ := n.do("GET", "/api/v1/me", "ru-liaison", nil); code == http.StatusTooManyRequests {
					limited++
				}
			}
			if limited == 0 {
				t.Fatal("400 quick requests were never rate-limited")
			}
		}, []want{
			atLeast("", "truce_rate_limited_total", map[string]string{"by": "token"}, 1),
			exactly("", "truce_rate_limited_total", map[string]string{"by": "user"}, 0),
		}},
		{"logins with a wrong password", func(*testing.T) {
			for range 5 {
				n.do("POST", "/api/v1/session", "", map[string]string{"username": "us-admin", "password": "wrong horse"})
			}
		}, []want{
			atLeast("", "truce_login_failures_total", nil, 3),
			atLeast("", "truce_login_throttled_total", nil, 1),
		}},
		{"the witness goes away: quorum lost", func(t *testing.T) {
			n.witness.Close()
			n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site("Metrics school", []string{"ru"}, map[string]any{"tlp": "GREEN"}))
			if _, err := n.app.Checkpointer.SignNow(context.Background()); err == nil {
				t.Fatal("a checkpoint was published without its quorum")
			}
		}, []want{
			atLeast("", "truce_checkpoint_failures_total", nil, 1),
			exactly("", "truce_checkpoint_cosignatures", nil, 0),
			atLeast("", "truce_witness_failures_total", w, 1),
		}},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			step.drive(t)
			for _, w := range step.wants {
				var v float64
				var present, met bool
				t.Cleanup(func() {
					if !met {
						t.Logf("%s%v as %q: last %g (present %v), want [%g, %g]", w.metric, w.labels, w.as, v, present, w.min, w.max)
					}
				})
				testwait.For(t, 10*time.Second, w.metric+" as "+w.as, func() bool { met, v, present = n.met(w); return met })
			}
		})
	}
	scrapeChecks(t, n)
}
