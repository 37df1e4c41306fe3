package opsmetrics

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Log observes the checkpointer and the sequencer of the node's log: it
// implements ledger.CheckpointObserver and ledger.BatchObserver.
type Log struct {
	now func() time.Time

	published    prometheus.Gauge
	size         prometheus.Gauge
	failures     prometheus.Counter
	cosignatures prometheus.Gauge
	quorum       prometheus.Gauge
	witnessTook  *prometheus.HistogramVec
	witnessFails *prometheus.CounterVec

	batchEntries prometheus.Histogram
	batchTook    prometheus.Histogram
	commitTook   prometheus.Histogram
	commitFails  prometheus.Counter

	publishedAt atomic.Int64 // unix nanoseconds of the last publication; 0 before
}

// latencyBuckets span a local fsync (sub-millisecond) to a slow witness.
var latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewLog registers the log's metrics in reg. engine ("sqlite" or
// "postgres") labels the commit latency; now is the clock the checkpoint
// age is measured by (time.Now if nil).
func NewLog(reg prometheus.Registerer, engine string, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	l := &Log{now: now,
		published: prometheus.NewGauge(prometheus.GaugeOpts{Name: "truce_checkpoint_published_timestamp_seconds",
			Help: "Unix time the latest checkpoint was signed and published (0: none since start)."}),
		size: prometheus.NewGauge(prometheus.GaugeOpts{Name: "truce_checkpoint_size",
			Help: "Tree size (entries) of the latest published checkpoint."}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{Name: "truce_checkpoint_failures_total",
			Help: "Checkpoints signed but not published: too few cosignatures, or signing or saving failed."}),
		cosignatures: prometheus.NewGauge(prometheus.GaugeOpts{Name: "truce_checkpoint_cosignatures",
			Help: "Witness cosignatures collected at the latest signing."}),
		quorum: prometheus.NewGauge(prometheus.GaugeOpts{Name: "truce_checkpoint_quorum",
			Help: "Witness cosignatures a checkpoint needs before it is published."}),
		witnessTook: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "truce_witness_cosign_duration_seconds",
			Help: "Time a witness took to answer a checkpoint push, by witness.", Buckets: latencyBuckets}, []string{"witness"}),
		witnessFails: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "truce_witness_failures_total",
			Help: "Checkpoint pushes a witness did not cosign, by witness."}, []string{"witness"}),
		batchEntries: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "truce_sequencer_batch_entries",
			Help: "Entries written per sequencer batch (group commit).", Buckets: prometheus.ExponentialBuckets(1, 4, 8)}),
		batchTook: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "truce_sequencer_commit_duration_seconds",
			Help: "Time from a batch's first statement to its durable commit.", Buckets: latencyBuckets}),
		commitTook: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "truce_store_commit_duration_seconds",
			Help: "Time of the database commit alone (fsync of SQLite, WAL flush of PostgreSQL).", Buckets: latencyBuckets,
			ConstLabels: prometheus.Labels{"engine": engine}}),
		commitFails: prometheus.NewCounter(prometheus.CounterOpts{Name: "truce_sequencer_commit_failures_total",
			Help: "Sequencer batches whose commit failed (their writes were refused)."}),
	}
	age := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "truce_checkpoint_age_seconds",
		Help: "Seconds since the latest checkpoint was published by this process (NaN before the first)."}, l.age)
	reg.MustRegister(l.published, l.size, l.failures, l.cosignatures, l.quorum, l.witnessTook, l.witnessFails,
		l.batchEntries, l.batchTook, l.commitTook, l.commitFails, age)
	return l
}

func (l *Log) age() float64 {
	at := l.publishedAt.Load()
	if at == 0 {
		return math.NaN()
	}
	return l.now().Sub(time.Unix(0, at)).Seconds()
}

// CheckpointPublished implements ledger.CheckpointObserver.
func (l *Log) CheckpointPublished(size int64, cosignatures, quorum int) {
	t := l.now()
	l.publishedAt.Store(t.UnixNano())
	l.published.Set(float64(t.UnixNano()) / 1e9)
	l.size.Set(float64(size))
	l.cosignatures.Set(float64(cosignatures))
	l.quorum.Set(float64(quorum))
}

// CheckpointFailed implements ledger.CheckpointObserver.
func (l *Log) CheckpointFailed() { l.failures.Inc() }

// QuorumChecked implements ledger.CheckpointObserver.
func (l *Log) QuorumChecked(cosignatures, quorum int) {
	l.cosignatures.Set(float64(cosignatures))
	l.quorum.Set(float64(quorum))
}

// WitnessAnswered implements ledger.CheckpointObserver.
func (l *Log) WitnessAnswered(witness string, took time.Duration, err error) {
	l.witnessTook.WithLabelValues(witness).Observe(took.Seconds())
	fails := l.witnessFails.WithLabelValues(witness) // present at 0 once the witness answered
	if err != nil {
		fails.Inc()
	}
}

// BatchCommitted implements ledger.BatchObserver.
func (l *Log) BatchCommitted(entries int, took, commit time.Duration, err error) {
	if err != nil {
		l.commitFails.Inc()
		return
	}
	l.batchEntries.Observe(float64(entries))
	l.batchTook.Observe(took.Seconds())
	l.commitTook.Observe(commit.Seconds())
}
