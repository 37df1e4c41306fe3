package app

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/config"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/timeliness"
	"truce/internal/ledger"
)

// witnessClock is the settable clock of a test witness.
type witnessClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *witnessClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *witnessClock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// TestReceiptTimeliness acknowledges site notifications over the API and
// reads each receipt's on_time verdict: on a node without witnesses,
// "unproven (no witness)"; on a witnessed node, unproven until a checkpoint
// holding the receipt is cosigned, on time once a witness cosigned it
// within the tolerance after the deadline, and late (with the cosignature
// named) when the first cosignature came after deadline + tolerance, though
// the receipt's own time was before the deadline.
func TestReceiptTimeliness(t *testing.T) {
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "M10 hospital"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 300, "parties": []string{"ru"}}
	type ack struct {
		Party, Deadline string
		Late            bool
		OnTime          *timeliness.Verdict `json:"on_time"`
	}
	acknowledge := func(t *testing.T, n *testNode, lon float64) (id string) {
		t.Helper()
		site["location"] = map[string]any{"type": "Point", "coordinates": []float64{lon, 36.2}}
		code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site)
		var s struct{ ID string }
		if json.Unmarshal(body, &s); code != 201 {
			t.Fatalf("notify: %d %s", code, body)
		}
		if code, body, _ := n.do("POST", "/api/v1/sites/"+s.ID+"/acknowledge", "ru-liaison", map[string]any{"version": 1}); code != 200 {
			t.Fatalf("acknowledge: %d %s", code, body)
		}
		return s.ID
	}
	read := func(t *testing.T, n *testNode, id string) ack {
		t.Helper()
		code, body, _ := n.do("GET", "/api/v1/sites/"+id, "ru-liaison", nil)
		var s struct {
			Acks []ack `json:"acknowledgements"`
		}
		if json.Unmarshal(body, &s); code != 200 || len(s.Acks) != 1 || s.Acks[0].OnTime == nil {
			t.Fatalf("read: %d %s", code, body)
		}
		return s.Acks[0]
	}

	t.Run("no witness", func(t *testing.T) {
		n := newTestNode(t)
		a := read(t, n, acknowledge(t, n, 37.16))
		if a.OnTime.Status != timeliness.NoWitness || a.Late || a.OnTime.Witness != "" || a.OnTime.EntryTime == "" {
			t.Fatalf("receipt on a node without witnesses: %+v %+v", a, a.OnTime)
		}
	})

	t.Run("witnessed", func(t *testing.T) {
		clock := &witnessClock{t: time.Now()}
		w := fedtest.NewClockCosigner(t, "witness.truce.invalid/ru", clock.now)
		n := newTestNodeConfig(t, &config.Server{Data: t.TempDir(), Quorum: 1}, Options{Witnesses: []ledger.Witness{w}})
		sign := func() {
			t.Helper()
			if _, err := n.app.Checkpointer.SignNow(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		sign() // the accounts made before the receipts
		prompt := acknowledge(t, n, 37.16)
		if a := read(t, n, prompt); a.OnTime.Status != timeliness.Unproven || a.Late {
			t.Fatalf("before any checkpoint holds it: %+v", a.OnTime)
		}
		a := read(t, n, prompt)
		deadline, err := time.Parse(time.RFC3339Nano, a.Deadline)
		if err != nil {
			t.Fatal(err)
		}
		clock.set(deadline.Add(4 * time.Minute)) // within the 5-minute tolerance
		sign()
		size := n.app.Checkpointer.Latest().N
		if a := read(t, n, prompt); a.OnTime.Status != timeliness.OnTime || a.Late || a.OnTime.Witness != w.Name() ||
			a.OnTime.TreeSize != size || a.OnTime.CosignedAt != deadline.Add(4*time.Minute).UTC().Format(time.RFC3339) {
			t.Fatalf("cosigned within the tolerance: %+v, want on time by %s at size %d", a.OnTime, w.Name(), size)
		}

		slow := acknowledge(t, n, 37.5)
		clock.set(deadline.Add(6 * time.Minute)) // the receipt's own time is hours before its deadline
		sign()
		if a := read(t, n, slow); a.OnTime.Status != timeliness.Late || !a.Late || a.OnTime.TreeSize != n.app.Checkpointer.Latest().N {
			t.Fatalf("first cosigned after deadline + tolerance: %+v", a.OnTime)
		}
		if a := read(t, n, prompt); a.OnTime.Status != timeliness.OnTime || a.OnTime.TreeSize != size || a.OnTime.Drift != nil {
			t.Fatalf("a later cosignature changed the verdict on the earlier receipt: %+v", a.OnTime)
		}
		// The slow receipt is dated a day before the witness cosigned a
		// tree that did not yet hold it: its node is named, with the
		// cosignature.
		if d := read(t, n, slow).OnTime.Drift; d == nil || d.Kind != timeliness.Behind || d.Cosigned.TreeSize != size || d.Cosigned.Witness != w.Name() {
			t.Fatalf("a receipt dated long before a cosigned tree without it: drift %+v", d)
		}
	})

	t.Run("clock ahead named", func(t *testing.T) {
		clock := &witnessClock{t: time.Now()}
		w := fedtest.NewClockCosigner(t, "witness.truce.invalid/us", clock.now)
		n := newTestNodeConfig(t, &config.Server{Data: t.TempDir(), Quorum: 1}, Options{Witnesses: []ledger.Witness{w}})
		id := acknowledge(t, n, 37.16)
		clock.set(time.Now().Add(-time.Hour)) // the witness saw the tree an hour before the entry's own time
		if _, err := n.app.Checkpointer.SignNow(context.Background()); err != nil {
			t.Fatal(err)
		}
		a := read(t, n, id)
		if d := a.OnTime.Drift; d == nil || d.Kind != timeliness.Ahead || !strings.Contains(d.Detail, n.app.Keys.Origin()) || !strings.Contains(d.Detail, w.Name()) {
			t.Fatalf("an entry dated an hour after a witness cosigned a tree holding it: %+v", a.OnTime)
		}
	})
}
