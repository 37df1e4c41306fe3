package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
)

// testTime is the fixed time of the first entry of a test log.
var testTime = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// testDraft returns a valid draft with a small payload.
func testDraft(i int) Draft {
	return Draft{
		Party:   "us",
		Author:  "us-liaison",
		Kind:    "incident.reported",
		Subject: fmt.Sprintf("incident:%d", i),
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru"}},
		Payload: map[string]any{"n": i, "text": "shelling reported near the crossing", "lat": 35.5, "lon": 36.25},
	}
}

// testLog is an in-memory log: sealed entries, their canonical bytes and the
// tree over their commitments.
type testLog struct {
	entries   []*Entry
	canonical [][]byte
	hashes    *HashStore
}

// newTestLog seals n test drafts and publishes their commitments in batches
// of up to 37 leaves (so batches straddle tile boundaries).
func newTestLog(t testing.TB, n int) *testLog {
	t.Helper()
	hs, err := NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := &testLog{hashes: hs}
	var leaves []tlog.Hash
	flush := func() {
		p, err := hs.Prepare(leaves)
		if err != nil {
			t.Fatal(err)
		}
		if err := hs.Publish(p); err != nil {
			t.Fatal(err)
		}
		leaves = nil
	}
	for i := range n {
		d := testDraft(i)
		e, canon := sealDraft(t, &d, int64(i), testTime.Add(time.Duration(i)*time.Millisecond))
		l.entries = append(l.entries, e)
		l.canonical = append(l.canonical, canon)
		leaves = append(leaves, Commitment(canon))
		if len(leaves) == 37 {
			flush()
		}
	}
	if len(leaves) > 0 {
		flush()
	}
	return l
}

// sealDraft prepares and seals d as the sequencer does.
func sealDraft(t testing.TB, d *Draft, seq int64, now time.Time) (*Entry, []byte) {
	t.Helper()
	payload, err := d.prepare()
	if err != nil {
		t.Fatal(err)
	}
	e, canon, err := d.seal(payload, seq, now)
	if err != nil {
		t.Fatal(err)
	}
	return e, canon
}

// fakeCommitments returns n deterministic pseudo-random commitments.
func fakeCommitments(n int, seed uint64) []tlog.Hash {
	out := make([]tlog.Hash, n)
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], seed)
	for i := range out {
		binary.BigEndian.PutUint64(buf[8:], uint64(i))
		out[i] = sha256.Sum256(buf[:])
	}
	return out
}

// hashStoreOf builds a HashStore over commitments, publishing them in
// batches of batch leaves.
func hashStoreOf(t testing.TB, commitments []tlog.Hash, batch int) *HashStore {
	t.Helper()
	hs, err := NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for off := 0; off < len(commitments); off += batch {
		p, err := hs.Prepare(commitments[off:min(off+batch, len(commitments))])
		if err != nil {
			t.Fatal(err)
		}
		if err := hs.Publish(p); err != nil {
			t.Fatal(err)
		}
	}
	return hs
}
