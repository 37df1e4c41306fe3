package accounts_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
)

// auditStore keeps the read audit in memory, and refuses every write
// while refuse is set.
type auditStore struct {
	accounts.Store
	mu     sync.Mutex
	refuse bool
	kept   []accounts.ReadAudit
}

func (s *auditStore) RecordReads(_ context.Context, rs []accounts.ReadAudit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refuse {
		return errors.New("database refused the write")
	}
	s.kept = append(s.kept, rs...)
	return nil
}

func (s *auditStore) setRefuse(v bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = v
}

func (s *auditStore) stored() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.kept)
}

// TestAuditorKeepsEveryRecord checks the auditor's durability contract: a
// batch whose write fails is written again later, Close writes what is
// pending, and a read recorded after Close is written at once; a read of a
// record that is not sensitive is not recorded.
func TestAuditorKeepsEveryRecord(t *testing.T) {
	reader := access.Principal{Username: "us-analyst", Party: "us", Role: access.RoleAnalyst}
	amber := access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}
	tests := []struct {
		name      string
		refused   bool // the writes until Close are refused
		afterStop bool // the last read is recorded after Close
	}{
		{"writes succeed", false, false},
		{"writes refused until close", true, false},
		{"recorded after close", false, true},
		{"refused, then recorded after close", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &auditStore{refuse: tc.refused}
			a := accounts.NewAuditor(accounts.AuditorDeps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			a.Record(reader, "us", amber, "incident", "inc_1", "api")
			a.Record(reader, "us", access.Releasability{TLP: access.TLPGreen}, "incident", "inc_2", "api")
			a.Record(reader, "us", amber, "incident", "inc_3", "api")
			a.Flush()
			if kept := st.stored(); tc.refused && kept != 0 || !tc.refused && kept != 2 {
				t.Fatalf("after a flush: %d records stored", kept)
			}
			a.Flush() // refused again, if refused
			if !tc.afterStop {
				a.Record(reader, "us", amber, "incident", "inc_4", "api")
			}
			st.setRefuse(false)
			a.Close()
			if tc.afterStop {
				a.Record(reader, "us", amber, "incident", "inc_4", "api")
			}
			if kept := st.stored(); kept != 3 {
				t.Fatalf("%d records stored, want 3 (inc_1, inc_3, inc_4)", kept)
			}
		})
	}
}
