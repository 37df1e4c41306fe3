package ledger

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// clockWitness is a Witness whose cosignature/v1 lines bear the time of a
// test clock (the signature bytes are zero: the checkpointer does not
// verify them, the witness client does).
type clockWitness struct {
	name  string
	now   func() time.Time
	plain bool // lines without a timestamp, as a note signature's
	mu    sync.Mutex
	sizes []int64 // the size of each checkpoint pushed
}

func (w *clockWitness) Name() string { return w.name }

func (w *clockWitness) Cosign(_ context.Context, _ []byte, cp Checkpoint, _ func(context.Context, int64) (tlog.TreeProof, error)) ([]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sizes = append(w.sizes, cp.N)
	sig := make([]byte, 4+8+64)
	binary.BigEndian.PutUint64(sig[4:], uint64(w.now().Unix()))
	if w.plain {
		sig = sig[:4+64]
	}
	return fmt.Appendf(nil, "— %s %s\n", w.name, base64.StdEncoding.EncodeToString(sig)), nil
}

func (w *clockWitness) pushes() []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]int64(nil), w.sizes...)
}

// memCheckpoints is a CheckpointStore in memory.
type memCheckpoints struct {
	mu    sync.Mutex
	saved []*SignedCheckpoint
}

func (m *memCheckpoints) SaveCheckpoint(_ context.Context, c *SignedCheckpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, c)
	return nil
}

func (m *memCheckpoints) LatestCheckpoint(context.Context) (*SignedCheckpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.saved) == 0 {
		return nil, nil
	}
	return m.saved[len(m.saved)-1], nil
}

// TestCheckpointerRecosignsIdleLog checks that an unchanged tree is pushed
// to the witnesses again, with the same signed note, once its newest
// cosignature is Recosign old, and not before; that a growing tree is
// signed at once as ever; and that without witnesses, or with Recosign
// negative, an idle log is never signed again.
func TestCheckpointerRecosignsIdleLog(t *testing.T) {
	const recosign = 10 * time.Minute
	skey, _, err := note.GenerateKey(rand.Reader, "truce.example/node")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		witnesses int
		plain     bool
		recosign  time.Duration
		steps     []step // run in order, from one checkpointer
	}{
		{"re-cosigned once due", 1, false, recosign, []step{
			{advance: 0, want: 1},
			{advance: recosign - time.Second, want: 1},
			{advance: time.Second, want: 2, fresh: true},
			{advance: time.Minute, want: 2},
			{advance: recosign, want: 3, fresh: true},
		}},
		{"a growing tree at once", 1, false, recosign, []step{
			{advance: 0, want: 1},
			{advance: time.Second, grow: true, want: 2, fresh: true},
			{advance: recosign - time.Second, want: 2},
			{advance: time.Second, want: 3, fresh: true},
		}},
		{"the default interval", 1, false, 0, []step{
			{advance: 0, want: 1},
			{advance: DefaultRecosign - time.Second, want: 1},
			{advance: time.Second, want: 2, fresh: true},
		}},
		{"lines without timestamps: from the publication", 1, true, recosign, []step{
			{advance: 0, want: 1},
			{advance: recosign - time.Second, want: 1},
			{advance: time.Second, want: 2},
			{advance: time.Second, want: 2},
		}},
		{"never when disabled", 1, false, -1, []step{
			{advance: 0, want: 1},
			{advance: 100 * recosign, want: 1},
		}},
		{"never without witnesses", 0, false, recosign, []step{
			{advance: 0},
			{advance: 100 * recosign},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			now := testTime
			clock := func() time.Time { return now }
			l := newTestLog(t, 5)
			w := &clockWitness{name: "witness.example/w", now: clock, plain: tc.plain}
			var ws []Witness
			if tc.witnesses > 0 {
				ws = []Witness{w}
			}
			store := &memCheckpoints{}
			c, err := NewCheckpointer("truce.example/node", signer, l.hashes, store, nil,
				CheckpointerOptions{Witnesses: ws, Quorum: len(ws), Recosign: tc.recosign, Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			var last *SignedCheckpoint
			for i, s := range tc.steps {
				now = now.Add(s.advance)
				if s.grow {
					growTestLog(t, l, 3)
				}
				sc, err := c.SignNow(ctx)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if got := len(w.pushes()); got != s.want {
					t.Fatalf("step %d at +%s: %d pushes, want %d", i, now.Sub(testTime), got, s.want)
				}
				if sc.N != l.hashes.Size() || len(store.saved) != max(s.want, 1) {
					t.Fatalf("step %d: published size %d of %d, %d saved", i, sc.N, l.hashes.Size(), len(store.saved))
				}
				if s.fresh {
					got, ok := newestCosignature(sc.Cosignatures)
					if !ok || !got.Equal(now.Truncate(time.Second)) {
						t.Fatalf("step %d: newest cosignature %v (%v), want %v", i, got, ok, now)
					}
					if !s.grow && !bytes.Equal(sc.Signed, last.Signed) {
						t.Fatalf("step %d: an unchanged tree signed into other bytes", i)
					}
				}
				last = sc
			}
		})
	}
}

// step is one SignNow of TestCheckpointerRecosignsIdleLog after the clock
// moved by advance (and the tree grew, if grow): want pushes in all, and
// the published checkpoint cosigned now if fresh.
type step struct {
	advance time.Duration
	grow    bool
	want    int
	fresh   bool
}

// growTestLog adds n commitments to l's tree.
func growTestLog(t *testing.T, l *testLog, n int) {
	t.Helper()
	leaves := make([]tlog.Hash, n)
	for i := range leaves {
		leaves[i] = Commitment(fmt.Appendf(nil, "extra %d of %d", i, l.hashes.Size()))
	}
	p, err := l.hashes.Prepare(leaves)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.hashes.Publish(p); err != nil {
		t.Fatal(err)
	}
}

// TestNewestCosignature checks the timestamps read from signature lines:
// the newest cosignature/v1 one, ignoring lines of other kinds.
func TestNewestCosignature(t *testing.T) {
	cosig := func(ts uint64) []byte {
		sig := make([]byte, 76)
		binary.BigEndian.PutUint64(sig[4:], ts)
		return fmt.Appendf(nil, "— w.example/a %s\n", base64.StdEncoding.EncodeToString(sig))
	}
	ed := fmt.Appendf(nil, "— w.example/b %s\n", base64.StdEncoding.EncodeToString(make([]byte, 68)))
	tests := []struct {
		name  string
		lines [][]byte
		want  int64 // unix seconds; 0: none
	}{
		{"none", nil, 0},
		{"one", [][]byte{cosig(1700000000)}, 1700000000},
		{"the newest", [][]byte{cosig(1700000000), cosig(1700000600), cosig(1700000300)}, 1700000600},
		{"an Ed25519 note signature is no cosignature", [][]byte{ed}, 0},
		{"a zero timestamp is none", [][]byte{cosig(0)}, 0},
		{"beside other lines", [][]byte{ed, cosig(1700000000), []byte("garbage\n")}, 1700000000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := newestCosignature(tc.lines)
			if ok != (tc.want != 0) || ok && got.Unix() != tc.want {
				t.Fatalf("newest %v %v, want %d", got, ok, tc.want)
			}
		})
	}
}
