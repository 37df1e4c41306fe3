package agreements

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/agreements/rules"
	"truce/internal/flights"
)

// TrackJudge judges live position reports as they arrive against the
// obligations over the air of every agreement's version in force (the
// no-low-flights rules): a flights.TrackJudge. It keeps an index of those
// rules (rules.Evaluator), rebuilt by the Recorder when an agreement or a
// zone changes, so a report costs one index lookup, never a scan of every
// obligation. Each hit it has not yet seen for its track's episode and
// obligation is queued for the Recorder, which records it once
// (agreement.breach_recorded, source track, with the episode).
type TrackJudge struct {
	index atomic.Pointer[trackIndex]
	wake  chan struct{}

	mu      sync.Mutex
	pending []TrackHit
	// seen holds the hits queued per track episode and obligation, with
	// the last report that hit, so that an episode is queued once; it is
	// pruned of old episodes (the log's own check keeps a breach recorded
	// once even when one is queued again).
	seen map[trackKey]time.Time
}

// trackIndex is the evaluator of the air rules and, by rule index, which
// agreement version and obligation each is.
type trackIndex struct {
	x     *rules.Evaluator
	rules []trackRule
}

// trackRule names the obligation of an indexed rule.
type trackRule struct {
	agreement  string
	version    int
	obligation string
}

// trackKey is one episode of one track under one obligation.
type trackKey struct {
	track   string
	episode time.Time
	rule    trackRule
}

// TrackHit is a position report that breaks an obligation, the first of
// its track's episode to do so.
type TrackHit struct {
	AgreementID string
	Version     int
	Obligation  string
	Report      flights.JudgedReport
}

// NewTrackJudge returns a judge with no rules: it judges nothing until
// the Recorder gives it the rules in force.
func NewTrackJudge() *TrackJudge {
	return &TrackJudge{wake: make(chan struct{}, 1), seen: map[trackKey]time.Time{}}
}

// JudgeTracks queues the first hit of each track episode and obligation
// among reports. It never blocks on I/O.
func (j *TrackJudge) JudgeTracks(reports []flights.JudgedReport) {
	ix := j.index.Load()
	if ix == nil || len(ix.rules) == 0 {
		return
	}
	var queued, locked bool
	for i := range reports {
		r := &reports[i]
		ev := rules.Event{Source: rules.SourceTrack, ID: r.ID, Time: r.Time, Point: orb.Point{r.Lon, r.Lat}, Party: r.Party,
			AltitudeFt: r.AltFt, HasAltitude: true}
		hits := ix.x.Evaluate(&ev)
		if len(hits) == 0 {
			continue
		}
		if !locked { // once per batch, and only for a batch that hits
			j.mu.Lock()
			locked = true
		}
		for _, h := range hits {
			tr := ix.rules[ruleIndex(h.RuleID)]
			k := trackKey{track: r.ID, episode: r.Episode, rule: tr}
			if _, ok := j.seen[k]; !ok {
				j.pending = append(j.pending, TrackHit{AgreementID: tr.agreement, Version: tr.version, Obligation: tr.obligation, Report: *r})
				queued = true
			}
			j.seen[k] = r.Time
		}
	}
	if locked {
		j.mu.Unlock()
	}
	if queued {
		select {
		case j.wake <- struct{}{}:
		default:
		}
	}
}

// take returns the queued hits and forgets the episodes whose last hit is
// older than before.
func (j *TrackJudge) take(before time.Time) []TrackHit {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := j.pending
	j.pending = nil
	for k, at := range j.seen {
		if at.Before(before) {
			delete(j.seen, k)
		}
	}
	return out
}

// requeue puts hits whose recording failed back in the queue.
func (j *TrackJudge) requeue(hs []TrackHit) {
	j.mu.Lock()
	j.pending = append(hs, j.pending...)
	j.mu.Unlock()
}

// setRules indexes rs, each naming its obligation in names (same order).
func (j *TrackJudge) setRules(rs []rules.Rule, names []trackRule) {
	for i := range rs {
		rs[i].ID = ruleID(i)
	}
	j.index.Store(&trackIndex{x: rules.NewEvaluator(rs, nil), rules: names})
}

// ruleID and ruleIndex name an indexed rule by its position.
func ruleID(i int) string { return strconv.Itoa(i) }

func ruleIndex(id string) int {
	i, _ := strconv.Atoi(id) // an id ruleID made
	return i
}
