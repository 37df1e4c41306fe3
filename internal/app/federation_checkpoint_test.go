package app

import (
	"bytes"
	"context"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// latestOf is a peerapi.Latest holding one checkpoint.
type latestOf struct{ sc *ledger.SignedCheckpoint }

func (l latestOf) Latest() *ledger.SignedCheckpoint { return l.sc }

// TestWitnessedNoteServesOnlyAQuorum checks that the peer API serves the
// node's checkpoint only once the other members' witnesses cosigned it
// with the roster's quorum, and only while its newest cosignature is
// recent: the checkpoint signed at init, one the peers could not cosign,
// or one cosigned before the node was down for an hour would be kept by
// every mirror as no-quorum or stale evidence and halt it.
func TestWitnessedNoteServesOnlyAQuorum(t *testing.T) {
	log := fedtest.NewLog(t, "us", "e2e.truce.test/us")
	log.Append(t, 3)
	tree := log.Tree(t, 3)
	ws := fedtest.Cosigners(t, "ru-witness", "un-witness")
	stranger := fedtest.Cosigners(t, "stranger-witness")[0]
	signed := log.Sign(t, tree)
	cosig := func(w *witness.Cosigner) []byte { return bytes.TrimPrefix(log.Sign(t, tree, w), signed) }
	late := fedtest.NewClockCosigner(t, "late-witness", func() time.Time { return time.Now().Add(20 * time.Minute) })
	cosigLater := func(*witness.Cosigner) []byte {
		msg, err := note.Sign(&note.Note{Text: ledger.Checkpoint{Origin: log.Origin, Tree: tree}.Body()}, log.Signer, late)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.TrimPrefix(msg, signed)
	}
	self := mirror.Peer{Party: "us", Origin: log.Origin, LogKey: log.Verifier, Witnesses: append(fedtest.Verifiers(ws), late.Verifier()), Quorum: 1}
	impostor := fedtest.NewLog(t, "us", log.Origin) // same origin, another key
	forged := impostor.Sign(t, tree, ws[0])
	for _, tc := range []struct {
		name    string
		sc      *ledger.SignedCheckpoint
		serve   bool
		wantErr bool
		later   time.Duration // how long after the cosignatures it is asked for
	}{
		{"none yet", nil, false, false, 0},
		{"signed at init, no cosignature", &ledger.SignedCheckpoint{Signed: signed}, false, false, 0},
		{"cosigned by a witness not in the roster", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(stranger)}}, false, false, 0},
		{"cosigned by one peer", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(ws[0])}}, true, false, 0},
		{"cosigned by both peers", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(ws[0]), cosig(ws[1])}}, true, false, 0},
		{"signed by another key", &ledger.SignedCheckpoint{Signed: forged}, false, true, 0},
		{"cosigned 29 minutes ago", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(ws[0])}}, true, false, 29 * time.Minute},
		{"cosigned 31 minutes ago: peers would soon call it stale", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(ws[0])}}, false, false, 31 * time.Minute},
		{"one of two cosignatures fresh", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(ws[0]), cosigLater(ws[1])}}, true, false, 31 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := func() time.Time { return time.Now().Add(tc.later) }
			got, err := witnessedNote(latestOf{tc.sc}, self, now, 30*time.Minute)(context.Background())
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want an error %v", err, tc.wantErr)
			}
			if tc.serve != (got != nil) {
				t.Fatalf("served %q, want served %v", got, tc.serve)
			}
			if tc.serve && !bytes.Equal(got, tc.sc.Note()) {
				t.Fatalf("served %q, want the checkpoint with its cosignatures %q", got, tc.sc.Note())
			}
		})
	}
}
