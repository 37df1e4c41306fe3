package follow

import (
	"context"
	"testing"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/store"
)

// loadHashStore returns db's tree.
func loadHashStore(t testing.TB, db *store.DB) *ledger.HashStore {
	t.Helper()
	c, h, err := db.LoadTree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(c, h)
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

// testEvent returns a small change about subject.
func testEvent(subject string) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "us", Kind: "test.event", Subject: subject,
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"us", "ru"}}, Payload: map[string]string{"s": subject}}}
}
