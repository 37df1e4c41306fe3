package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/witness"
)

// memCheckpoints is a ledger.CheckpointStore in memory.
type memCheckpoints struct {
	mu    sync.Mutex
	saved []*ledger.SignedCheckpoint
}

func (m *memCheckpoints) SaveCheckpoint(_ context.Context, c *ledger.SignedCheckpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, c)
	return nil
}

func (m *memCheckpoints) LatestCheckpoint(context.Context) (*ledger.SignedCheckpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.saved) == 0 {
		return nil, nil
	}
	return m.saved[len(m.saved)-1], nil
}

// TestRealWitnessRecosignsIdleTree pushes an idle log's unchanged
// checkpoint to a real witness (C2SP tlog-witness over HTTP, through the
// node's witness client) once its cosignature is due for renewal: the
// witness cosigns the same size again, the cosigned note verifies, the
// node's signed note is the same bytes, and the cosignature's timestamp
// is not older than the first one's.
func TestRealWitnessRecosignsIdleTree(t *testing.T) {
	ctx := context.Background()
	const origin = "recosign.truce.invalid/log"
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	logKey, _ := note.NewVerifier(vkey)
	wkey, wvkey, err := witness.GenerateKey("witness.truce.invalid/w")
	if err != nil {
		t.Fatal(err)
	}
	cosigner, err := witness.NewCosigner(wkey)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := witness.Open(ctx, filepath.Join(t.TempDir(), "witness.db"), witness.Config{Cosigner: cosigner,
		Logs: []witness.Log{{Origin: origin, Keys: []string{vkey}}}, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	srv := httptest.NewServer(w)
	defer srv.Close()
	client, err := NewWitnessClient(srv.URL, wvkey)
	if err != nil {
		t.Fatal(err)
	}

	hs, err := ledger.NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	leaves := make([]tlog.Hash, 7)
	for i := range leaves {
		leaves[i] = ledger.Commitment(fmt.Appendf(nil, "entry %d", i))
	}
	p, err := hs.Prepare(leaves)
	if err != nil {
		t.Fatal(err)
	}
	if err := hs.Publish(p); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	store := &memCheckpoints{}
	c, err := ledger.NewCheckpointer(origin, signer, hs, store, nil, ledger.CheckpointerOptions{
		Witnesses: []ledger.Witness{client}, Quorum: 1, Logger: quiet, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.SignNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(ledger.DefaultRecosign) // the checkpointer's clock only: the witness signs at the wall clock's
	again, err := c.SignNow(ctx)
	if err != nil {
		t.Fatalf("the witness did not cosign the same size again: %v", err)
	}
	if again == first || len(store.saved) != 2 || again.N != 7 || !bytes.Equal(again.Signed, first.Signed) {
		t.Fatalf("not pushed again as the same signed note: %d saved, size %d", len(store.saved), again.N)
	}
	wv, err := witness.ParseCosignatureVerifier(wvkey)
	if err != nil {
		t.Fatal(err)
	}
	_, cos1, err := witness.VerifyCosigned(first.Note(), logKey, []note.Verifier{wv}, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, cos2, err := witness.VerifyCosigned(again.Note(), logKey, []note.Verifier{wv}, 1)
	if err != nil {
		t.Fatalf("the renewed checkpoint does not verify: %v", err)
	}
	if cos2[0].Time.Before(cos1[0].Time) {
		t.Fatalf("renewed cosignature at %s, before the first at %s", cos2[0].Time, cos1[0].Time)
	}
}
