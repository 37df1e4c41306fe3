package ledger

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// TestCheckpointerSetWitnesses checks that witnesses set after the start
// are pushed to from the next signing on, that a checkpoint short of the
// new quorum is cosigned again at once, that a removed witness is pushed to
// no more, and that an impossible quorum changes nothing.
func TestCheckpointerSetWitnesses(t *testing.T) {
	ctx := context.Background()
	skey, _, err := note.GenerateKey(rand.Reader, "truce.example/node")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return testTime }
	l := newTestLog(t, 5)
	a := &clockWitness{name: "witness.example/a", now: clock}
	b := &clockWitness{name: "witness.example/b", now: clock}
	c, err := NewCheckpointer("truce.example/node", signer, l.hashes, &memCheckpoints{}, nil,
		CheckpointerOptions{Witnesses: []Witness{a}, Quorum: 1, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SetWitnesses([]Witness{b}, 2); err == nil {
		t.Fatal("a quorum of 2 with one witness was accepted")
	}
	if err := c.SetWitnesses([]Witness{a, b}, 2); err != nil {
		t.Fatal(err)
	}
	sc, err := c.SignNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Cosignatures) != 2 || len(b.pushes()) != 1 {
		t.Fatalf("after adding b: %d cosignatures, b pushed %d times; want 2 and 1", len(sc.Cosignatures), len(b.pushes()))
	}
	if err := c.SetWitnesses([]Witness{b}, 1); err != nil {
		t.Fatal(err)
	}
	growTestLog(t, l, 2)
	if _, err := c.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	if len(a.pushes()) != 2 || len(b.pushes()) != 2 {
		t.Fatalf("after removing a: a pushed %d times, b %d; want 2 and 2", len(a.pushes()), len(b.pushes()))
	}
}
