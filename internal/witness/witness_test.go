package witness

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// TestAddCheckpointResponses covers every response code path of
// POST /add-checkpoint. Each case starts from a witness that has cosigned
// the log at size 5 (unless cosigned is set), with the log grown to 20.
func TestAddCheckpointResponses(t *testing.T) {
	const origin = "truce.test/log"
	type env struct {
		log, other, unknown, impostor *testLog
	}
	tests := []struct {
		name     string
		cosigned int64 // size cosigned before the request; -1 for none
		body     func(e env) []byte
		code     int
		wantBody string // exact body, if set
		contains string // substring of the body, if set
		wantSize int64  // witness state after the request
		evidence bool   // the request is kept as evidence
	}{
		{name: "first checkpoint", cosigned: -1, body: func(e env) []byte { return e.log.request(0, 5) }, code: 200, contains: "— witness.test/w1 ", wantSize: 5},
		{name: "consistent growth", cosigned: 5, body: func(e env) []byte { return e.log.request(5, 12) }, code: 200, contains: "— witness.test/w1 ", wantSize: 12},
		{name: "same checkpoint again", cosigned: 5, body: func(e env) []byte { return e.log.request(5, 5) }, code: 200, wantSize: 5},
		{name: "empty tree", cosigned: -1, body: func(e env) []byte { return e.log.request(0, 0) }, code: 200, wantSize: 0},
		{name: "wrong old size", cosigned: 5, body: func(e env) []byte { return e.log.request(3, 12) }, code: 409, wantBody: "5\n", wantSize: 5},
		{name: "old zero when witness has state", cosigned: 5, body: func(e env) []byte { return e.log.request(0, 12) }, code: 409, wantBody: "5\n", wantSize: 5},
		{name: "rollback", cosigned: 12, body: func(e env) []byte { return e.log.request(5, 5) }, code: 409, wantBody: "12\n", wantSize: 12},
		{name: "fork with wrong old size answers 409", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(0, nil, e.other.checkpoint(5)) }, code: 409, wantBody: "5\n", wantSize: 5, evidence: true},
		{name: "old larger than size", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, nil, e.log.checkpoint(3)) }, code: 400, wantSize: 5},
		{name: "bad proof", cosigned: 5, body: func(e env) []byte {
			p := e.log.proof(5, 12)
			p[0][0] ^= 1
			return FormatAddCheckpoint(5, p, e.log.checkpoint(12))
		}, code: 422, contains: "does not verify", wantSize: 5, evidence: true},
		{name: "missing proof", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, nil, e.log.checkpoint(12)) }, code: 422, wantSize: 5, evidence: true},
		{name: "proof for other sizes", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, e.log.proof(4, 12), e.log.checkpoint(12)) }, code: 422, wantSize: 5, evidence: true},
		{name: "fork same size", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, nil, e.other.checkpoint(5)) }, code: 422, contains: "fork", wantSize: 5, evidence: true},
		{name: "fork larger size", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, e.other.proof(5, 12), e.other.checkpoint(12)) }, code: 422, wantSize: 5, evidence: true},
		{name: "proof between equal sizes", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, e.log.proof(4, 5), e.log.checkpoint(5)) }, code: 422, wantSize: 5, evidence: true},
		{name: "proof from zero", cosigned: -1, body: func(e env) []byte { return FormatAddCheckpoint(0, e.log.proof(4, 5), e.log.checkpoint(5)) }, code: 422, wantSize: 0, evidence: true},
		{name: "size zero with non-empty root", cosigned: -1, body: func(e env) []byte {
			return FormatAddCheckpoint(0, nil, e.log.signText(Checkpoint{Origin: origin, Size: 0, Root: e.log.root(1)}.Body()))
		}, code: 422, wantSize: 0, evidence: true},
		{name: "unknown log", cosigned: 5, body: func(e env) []byte { return e.unknown.request(0, 5) }, code: 404, wantSize: 5},
		{name: "signed by unknown key", cosigned: 5, body: func(e env) []byte { return e.impostor.request(5, 12) }, code: 403, wantSize: 5},
		{name: "trusted key, bad signature", cosigned: 5, body: func(e env) []byte {
			msg := e.log.checkpoint(12)
			return FormatAddCheckpoint(5, e.log.proof(5, 12), corruptSignature(msg))
		}, code: 403, wantSize: 5},
		{name: "tampered text", cosigned: 5, body: func(e env) []byte {
			msg := bytes.Replace(e.log.checkpoint(12), []byte("\n12\n"), []byte("\n13\n"), 1)
			return FormatAddCheckpoint(5, e.log.proof(5, 12), msg)
		}, code: 403, wantSize: 5},
		{name: "no empty line", cosigned: 5, body: func(e env) []byte { return []byte("old 5\n" + string(e.log.checkpoint(12))) }, code: 400, wantSize: 5},
		{name: "no old line", cosigned: 5, body: func(e env) []byte { return append([]byte("\n"), e.log.checkpoint(12)...) }, code: 400, wantSize: 5},
		{name: "negative old size", cosigned: 5, body: func(e env) []byte { return []byte("old -1\n\n" + string(e.log.checkpoint(12))) }, code: 400, wantSize: 5},
		{name: "leading zero", cosigned: 5, body: func(e env) []byte { return []byte("old 05\n\n" + string(e.log.checkpoint(12))) }, code: 400, wantSize: 5},
		{name: "bad proof line", cosigned: 5, body: func(e env) []byte { return []byte("old 5\nnot-base64\n\n" + string(e.log.checkpoint(12))) }, code: 400, wantSize: 5},
		{name: "64 proof lines", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, make(tlog.TreeProof, 64), e.log.checkpoint(12)) }, code: 400, wantSize: 5},
		{name: "no checkpoint", cosigned: 5, body: func(e env) []byte { return []byte("old 5\n\n") }, code: 400, wantSize: 5},
		{name: "note without signatures", cosigned: 5, body: func(e env) []byte { return []byte("old 5\n\n" + origin + "\n12\nAAAA\n") }, code: 400, wantSize: 5},
		{name: "signed non-checkpoint", cosigned: 5, body: func(e env) []byte { return FormatAddCheckpoint(5, nil, e.log.signText(origin+"\nhello\n")) }, code: 400, wantSize: 5},
		{name: "too large", cosigned: 5, body: func(e env) []byte { return append(e.log.request(5, 12), make([]byte, DefaultMaxRequestBytes)...) }, code: 413, wantSize: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env{
				log:      newTestLog(t, origin, 1).grow(20),
				unknown:  newTestLog(t, "truce.test/unknown", 2).grow(5),
				impostor: newTestLog(t, origin, 3).grow(20),
			}
			e.other = e.log.fork(4).grow(16)
			te := newTestEnv(t, e.log)
			if tt.cosigned >= 0 {
				te.mustCosign(e.log.request(0, tt.cosigned))
			}
			before := te.state(origin)
			code, ctype, body := te.post(tt.body(e))
			if code != tt.code {
				t.Fatalf("status %d %q, want %d", code, body, tt.code)
			}
			if tt.wantBody != "" && body != tt.wantBody {
				t.Errorf("body %q, want %q", body, tt.wantBody)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body %q does not contain %q", body, tt.contains)
			}
			if code == 409 && ctype != "text/x.tlog.size" {
				t.Errorf("409 Content-Type %q, want text/x.tlog.size", ctype)
			}
			st := te.state(origin)
			if st.Size != tt.wantSize {
				t.Errorf("state size %d, want %d", st.Size, tt.wantSize)
			}
			if code != 200 && (st.Root != before.Root || !bytes.Equal(st.Checkpoint, before.Checkpoint)) {
				t.Errorf("state changed by a refused request")
			}
			n, err := te.w.Rejections(context.Background(), origin)
			if err != nil {
				t.Fatal(err)
			}
			if (n > 0) != tt.evidence {
				t.Errorf("%d rejections recorded, want evidence=%v", n, tt.evidence)
			}
			if testing.Verbose() {
				t.Log(te.logBuf.String())
			}
			if code == 422 && !strings.Contains(te.logBuf.String(), "level=ERROR") {
				t.Errorf("refusal not logged at error level:\n%s", te.logBuf)
			}
			if code == 200 {
				checkCosignature(t, te, e.log, tt.wantSize, body)
			}
		})
	}
}

// checkCosignature verifies a 200 response with the witness's published
// key, and checks that the stored checkpoint carries it.
func checkCosignature(t *testing.T, te *testEnv, l *testLog, size int64, resp string) {
	t.Helper()
	wv, err := ParseCosignatureVerifier(te.w.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	cosigned := append(l.checkpoint(size), resp...)
	cp, cosigs, err := VerifyCosigned(cosigned, l.verifier, []note.Verifier{wv}, 1)
	if err != nil {
		t.Fatalf("cosignature does not verify with the published key: %v", err)
	}
	if cp.Size != size || cp.Root != l.root(size) || len(cosigs) != 1 {
		t.Fatalf("verified %+v with %d cosignatures", cp, len(cosigs))
	}
	if cosigs[0].Line() != resp {
		t.Errorf("Line() = %q, response %q", cosigs[0].Line(), resp)
	}
	st := te.state(l.origin)
	if !bytes.HasSuffix(st.Checkpoint, []byte(resp)) {
		t.Errorf("stored checkpoint %q lacks the cosignature", st.Checkpoint)
	}
}

// corruptSignature flips a bit of the first signature of a note, keeping
// the key name and id.
func corruptSignature(msg []byte) []byte {
	text, sigs, _ := splitNote(msg)
	line := string(sigs[:bytes.IndexByte(sigs, '\n')])
	i := strings.LastIndexByte(line, ' ')
	b, _ := base64.StdEncoding.DecodeString(line[i+1:])
	b[len(b)-1] ^= 1
	return []byte(fmt.Sprintf("%s\n%s %s\n", text, line[:i], base64.StdEncoding.EncodeToString(b)))
}

// TestStatePersists checks that the cosigned state survives closing and
// reopening the SQLite file, and that a log removed from the configuration
// keeps its state and resumes from it.
func TestStatePersists(t *testing.T) {
	ctx := context.Background()
	l := newTestLog(t, "truce.test/log", 1).grow(30)
	e := newTestEnv(t, l)
	e.mustCosign(l.request(0, 7))
	e.mustCosign(l.request(7, 19))
	e.close()
	e.open()
	st := e.state(l.origin)
	if st.Size != 19 || st.Root != l.root(19) {
		t.Fatalf("after reopening: size %d root %s, want 19 %s", st.Size, st.Root, l.root(19))
	}
	if code, _, body := e.post(l.request(0, 30)); code != 409 || body != "19\n" {
		t.Fatalf("after reopening: old 0 got %d %q, want 409 \"19\\n\"", code, body)
	}

	// Drop the log from the configuration: 404, state kept.
	logs := e.cfg.Logs
	e.close()
	e.cfg.Logs = nil
	e.open()
	if code, _, _ := e.post(l.request(19, 30)); code != 404 {
		t.Fatalf("unconfigured log: got %d, want 404", code)
	}
	if _, err := e.w.State(ctx, l.origin); err != nil {
		t.Fatalf("state of unconfigured log lost: %v", err)
	}
	if _, err := e.w.State(ctx, "nope"); !errors.Is(err, ErrUnknownLog) {
		t.Fatalf("State(unknown) = %v, want ErrUnknownLog", err)
	}
	e.close()
	e.cfg.Logs = logs
	e.open()
	if code, _, body := e.post(l.request(0, 30)); code != 409 || body != "19\n" {
		t.Fatalf("re-added log: got %d %q, want 409 \"19\\n\"", code, body)
	}
	e.mustCosign(l.request(19, 30))
}

func TestStatusPage(t *testing.T) {
	l := newTestLog(t, "truce.test/log", 1).grow(3)
	e := newTestEnv(t, l)
	e.mustCosign(l.request(0, 3))
	resp, err := http.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	for _, want := range []string{e.w.VerifierKey(), "truce.test/log\n  size 3\n  root " + l.root(3).String()} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("status page lacks %q:\n%s", want, b.String())
		}
	}
	resp, err = http.Get(e.srv.URL + "/add-checkpoint")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /add-checkpoint: %d, want 405", resp.StatusCode)
	}
}

func TestOpenErrors(t *testing.T) {
	c := testCosigner(t, "w")
	l := newTestLog(t, "o", 1)
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no cosigner", Config{}},
		{"empty origin", Config{Cosigner: c, Logs: []Log{{Origin: "", Keys: []string{l.vkey}}}}},
		{"no keys", Config{Cosigner: c, Logs: []Log{{Origin: "o"}}}},
		{"bad key", Config{Cosigner: c, Logs: []Log{{Origin: "o", Keys: []string{"o+00000000+AAAA"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(context.Background(), t.TempDir()+"/w.db", tt.cfg); err == nil {
				t.Fatal("Open succeeded")
			}
		})
	}
}

func TestParseLogSpec(t *testing.T) {
	l := newTestLog(t, "truce.test/log", 1)
	got, err := ParseLogSpec("truce.test/log=" + l.vkey)
	if err != nil || got.Origin != "truce.test/log" || len(got.Keys) != 1 || got.Keys[0] != l.vkey {
		t.Fatalf("ParseLogSpec = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "x", "=" + l.vkey, "o=", "o=notakey"} {
		if _, err := ParseLogSpec(bad); err == nil {
			t.Errorf("ParseLogSpec(%q) succeeded", bad)
		}
	}
}

// TestDurabilitySettings checks that every connection runs in WAL mode with
// synchronous=FULL, so that a committed state survives power loss.
func TestDurabilitySettings(t *testing.T) {
	e := newTestEnv(t, newTestLog(t, "truce.test/log", 1))
	ctx := context.Background()
	conns := make([]*sql.Conn, 3) // hold several so the pool opens new ones
	for i := range conns {
		c, err := e.w.store.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
		var mode string
		var sync int
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || sync != 2 {
			t.Errorf("connection %d: journal_mode %q synchronous %d, want wal 2 (FULL)", i, mode, sync)
		}
	}
}
