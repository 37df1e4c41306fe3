package app

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/sources"
	"truce/internal/sources/extract"
)

// racingLog appends through the node's sequencer, but first runs before
// (once) and records the kinds of every Append call.
type racingLog struct {
	seq    *ledger.Sequencer
	mu     sync.Mutex
	before func()
	calls  [][]string
}

func (l *racingLog) Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error) {
	l.mu.Lock()
	f := l.before
	l.before = nil
	kinds := make([]string, len(changes))
	for i, c := range changes {
		kinds[i] = c.Kind
	}
	l.calls = append(l.calls, kinds)
	l.mu.Unlock()
	if f != nil {
		f()
	}
	return l.seq.Append(ctx, changes...)
}

// TestDraftDecisionsAreOneWrite checks that accepting a draft logs the
// incident's report and the decision in one write, and merging one logs
// the decision and the comment naming the source in one write: a decision
// that loses a race with another leaves no incident behind.
func TestDraftDecisionsAreOneWrite(t *testing.T) {
	n := newTestNode(t)
	analyst := n.addUser("us", access.RoleAnalyst)
	st, b, _ := n.do("POST", "/api/v1/sources", analyst, map[string]any{"text": corpus(t, "en02.txt"), "publisher": "Levant Wire",
		"url": "https://wire.example/levant/2026-03-20"})
	var src apiSource
	decodeInto(t, st, b, 201, &src)
	if len(src.Drafts) < 3 {
		t.Fatalf("source with %d drafts, want 3", len(src.Drafts))
	}
	ctx := context.Background()
	by := access.Principal{UserID: "test", Username: analyst, Party: "us", Role: access.RoleAnalyst}
	pages, err := sources.NewPages(filepath.Join(t.TempDir(), "pages"))
	if err != nil {
		t.Fatal(err)
	}
	log := &racingLog{seq: n.app.Sequencer}
	svc := sources.NewService(sources.Deps{Store: n.app.DB.Sources(), Log: log, Incidents: n.app.Incidents,
		Extractor: extract.New(n.app.Places), Pages: pages, Known: n.app.knownParty})

	// Another reviewer discards the draft between the check that it is
	// pending and the write: the acceptance changes nothing.
	lost := src.Drafts[0].ID
	log.before = func() {
		if _, err := n.app.Sources.Discard(ctx, by, lost, 0, "decided elsewhere"); err != nil {
			t.Errorf("the other reviewer's discard: %v", err)
		}
	}
	size := n.app.Hashes.Size()
	if _, err := svc.Accept(ctx, by, lost, 0, sources.Acceptance{Reliability: "B", Credibility: 2}); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("accepting a draft discarded meanwhile: %v, want a conflict", err)
	}
	if got := n.app.Hashes.Size(); got != size+1 {
		t.Fatalf("the log grew by %d entries, want 1 (the other reviewer's discard alone, no incident)", got-size)
	}

	log.calls = nil
	d, err := svc.Accept(ctx, by, src.Drafts[1].ID, 0, sources.Acceptance{Reliability: "B", Credibility: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(log.calls) != 1 || len(log.calls[0]) != 2 || log.calls[0][0] != "incident.reported" || log.calls[0][1] != sources.KindDraftAccepted {
		t.Fatalf("appends of an acceptance: %v, want one of incident.reported and %s", log.calls, sources.KindDraftAccepted)
	}
	if _, err := n.app.Incidents.Get(ctx, by, d.IncidentID); err != nil {
		t.Fatalf("the accepted draft's incident %s: %v", d.IncidentID, err)
	}

	log.calls = nil
	if _, err := svc.Merge(ctx, by, src.Drafts[2].ID, 0, sources.Merging{IncidentID: d.IncidentID, Reliability: "C", Credibility: 3}); err != nil {
		t.Fatal(err)
	}
	if len(log.calls) != 1 || len(log.calls[0]) != 2 || log.calls[0][0] != "incident.commented" || log.calls[0][1] != sources.KindDraftMerged {
		t.Fatalf("appends of a merge: %v, want one of incident.commented and %s", log.calls, sources.KindDraftMerged)
	}
}
