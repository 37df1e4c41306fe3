package app

import (
	"bytes"
	"context"
	"testing"

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
// with the roster's quorum: the checkpoint signed at init, or one the
// peers could not cosign, would be kept by every mirror as no-quorum
// evidence and halt it.
func TestWitnessedNoteServesOnlyAQuorum(t *testing.T) {
	log := fedtest.NewLog(t, "us", "e2e.truce.test/us")
	log.Append(t, 3)
	tree := log.Tree(t, 3)
	ws := fedtest.Cosigners(t, "ru-witness", "un-witness")
	stranger := fedtest.Cosigners(t, "stranger-witness")[0]
	signed := log.Sign(t, tree)
	cosig := func(w *witness.Cosigner) []byte { return bytes.TrimPrefix(log.Sign(t, tree, w), signed) }
	self := mirror.Peer{Party: "us", Origin: log.Origin, LogKey: log.Verifier, Witnesses: fedtest.Verifiers(ws), Quorum: 1}
	impostor := fedtest.NewLog(t, "us", log.Origin) // same origin, another key
	forged := impostor.Sign(t, tree, ws[0])
	for _, tc := range []struct {
		name    string
		sc      *ledger.SignedCheckpoint
		serve   bool
		wantErr bool
	}{
		{"none yet", nil, false, false},
		{"signed at init, no cosignature", &ledger.SignedCheckpoint{Signed: signed}, false, false},
		{"cosigned by a witness not in the roster", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(stranger)}}, false, false},
		{"cosigned by one peer", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(ws[0])}}, true, false},
		{"cosigned by both peers", &ledger.SignedCheckpoint{Signed: signed, Cosignatures: [][]byte{cosig(ws[0]), cosig(ws[1])}}, true, false},
		{"signed by another key", &ledger.SignedCheckpoint{Signed: forged}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := witnessedNote(latestOf{tc.sc}, self)(context.Background())
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
