package mirror_test

import (
	"context"
	"crypto/rand"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
)

// TestMirrorAcrossALogKeyRotation checks that a mirror keeps working when
// its peer rotates its log key: rebuilt with the new key and the old one
// retired (as a roster change does), it reloads what it accepted under
// the old key, accepts the peer's checkpoints signed with the new key, and
// refuses one signed with the retired key after the rotation.
func TestMirrorAcrossALogKeyRotation(t *testing.T) {
	for _, eng := range fedtest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			db := eng.Open(t)
			f.log.Append(t, 120)
			if err := f.mirrorFor(t, "ru", db.Mirrors(), nil, 0).Sync(ctx); err != nil {
				t.Fatal(err)
			}

			// The peer rotates: new checkpoints are signed with a new key.
			old := f.log.Verifier
			oldSigner := f.log.Signer
			skey, vkey, err := note.GenerateKey(rand.Reader, f.log.Origin)
			if err != nil {
				t.Fatal(err)
			}
			if f.log.Signer, err = note.NewSigner(skey); err != nil {
				t.Fatal(err)
			}
			if f.log.Verifier, err = note.NewVerifier(vkey); err != nil {
				t.Fatal(err)
			}
			// Without the retired key the checkpoint stored before does not open.
			bare, err := mirror.New(mirror.Config{Self: "ru", Peer: f.peer(), Source: f.mirrorSource(t, "ru"), Store: db.Mirrors()})
			if err != nil {
				t.Fatal(err)
			}
			if err := bare.Load(ctx); err == nil {
				t.Fatal("a checkpoint signed with the old key opened under the new key alone")
			}
			peer := f.peer()
			peer.RetiredLogKeys = []note.Verifier{old}
			m, err := mirror.New(mirror.Config{Self: "ru", Peer: peer, Source: f.mirrorSource(t, "ru"), Store: db.Mirrors()})
			if err != nil {
				t.Fatal(err)
			}
			f.log.Append(t, 30)
			if err := m.Sync(ctx); err != nil {
				t.Fatalf("after the rotation, with the old checkpoint stored: %v", err)
			}
			checkMirrored(t, f, db, "ru", 150)

			// A checkpoint signed with the retired key after the rotation is refused.
			f.log.Append(t, 5)
			f.set(func(f *fixture) {
				retired := *f.log
				retired.Signer = oldSigner
				f.checkpoint = func() []byte { return retired.Sign(t, retired.Tree(t, retired.Hashes.Size()), f.ws...) }
			})
			if err := m.Sync(ctx); err == nil {
				t.Fatal("a checkpoint signed with the retired key after the rotation was accepted")
			}
			if st := m.Status(); st.AcceptedSize != 150 || st.HaltedBy != "" {
				t.Fatalf("status after the refusal %+v, want 150 accepted and no halt", st)
			}
		})
	}
}
