package app

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
)

// TestIntegrityCheckWhileWriting runs full integrity checks while users are
// created concurrently, and checks that no check reports a mismatch (each
// compares projections and replay as of one snapshot, whatever commits
// meanwhile) and that every write succeeds (the check blocks no writer).
func TestIntegrityCheckWhileWriting(t *testing.T) {
	n := newTestNode(t)
	a := n.app
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for i := range 40 {
			_, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: fmt.Sprintf("us-writer-%d", i),
				Party: "us", Role: access.RoleObserver, Password: "password-writer"}, true)
			if err != nil {
				errs <- err
				return
			}
		}
	})
	checks := 0
	for {
		if err := a.Integrity.Check(ctx); err != nil {
			t.Fatal(err)
		}
		checks++
		if err := a.Integrity.Err(); err != nil {
			t.Fatalf("check %d while writing: %v", checks, err)
		}
		select {
		case <-done:
		default:
			continue
		}
		break
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("write during the checks: %v", err)
	}
	if err := a.Integrity.Check(ctx); err != nil || a.Integrity.Err() != nil {
		t.Fatalf("check after the writes: %v, %v", err, a.Integrity.Err())
	}
	t.Logf("%d checks ran while 40 users were created", checks)
}

// TestIntegrityRaisesThroughTheNodesAlerts checks that the integrity
// checker raises its alert through the node's one alerts service rather
// than a second one of its own.
func TestIntegrityRaisesThroughTheNodesAlerts(t *testing.T) {
	a := newTestNode(t).app
	if a.Integrity.alerts == nil || a.Integrity.alerts != a.Alerts {
		t.Fatalf("the integrity checker raises through %p, the node's alerts service is %p", a.Integrity.alerts, a.Alerts)
	}
}
