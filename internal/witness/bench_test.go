package witness

import (
	"context"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// BenchmarkAddCheckpoint measures a witness cosigning consecutive
// checkpoints in process: parse, log signature, consistency proof, durable
// SQLite commit (fsync), cosignature.
func BenchmarkAddCheckpoint(b *testing.B) {
	const step = 10
	l := newTestLog(b, "truce.test/log", 1).grow(step * (b.N + 1))
	c := testCosigner(b, "witness.test/w1")
	w, err := Open(context.Background(), b.TempDir()+"/w.db", Config{
		Cosigner: c, Logs: []Log{{Origin: l.origin, Keys: []string{l.vkey}}},
		Logger: discardLogger(),
	})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	reqs := make([][]byte, b.N)
	for i := range reqs {
		reqs[i] = l.request(int64(i*step), int64((i+1)*step))
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := w.AddCheckpoint(context.Background(), reqs[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyCosigned measures verifying a checkpoint with a log
// signature and three cosignatures against a quorum of three.
func BenchmarkVerifyCosigned(b *testing.B) {
	l := newTestLog(b, "truce.test/log", 1).grow(1000)
	msg := l.checkpoint(1000)
	text, _, _ := splitNote(msg)
	var ws []note.Verifier
	for _, name := range []string{"w.test/a", "w.test/b", "w.test/c"} {
		c := testCosigner(b, name)
		s, err := note.Sign(&note.Note{Text: string(text)}, c)
		if err != nil {
			b.Fatal(err)
		}
		_, sigs, _ := splitNote(s)
		msg = append(msg, sigs...)
		ws = append(ws, c.Verifier())
	}
	b.ResetTimer()
	for range b.N {
		if _, _, err := VerifyCosigned(msg, l.verifier, ws, 3); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseAddCheckpoint measures parsing a request with the
// consistency proof from 1000 to 4096 leaves.
func BenchmarkParseAddCheckpoint(b *testing.B) {
	l := newTestLog(b, "truce.test/log", 1).grow(1 << 12)
	body := l.request(1000, 1<<12)
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for range b.N {
		if _, err := ParseAddCheckpoint(body); err != nil {
			b.Fatal(err)
		}
	}
}
