package witness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func newTestClient(t *testing.T, url, key string, timeout time.Duration) *Client {
	t.Helper()
	c, err := NewClient(ClientConfig{URL: url, WitnessKey: key, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestClientAgainstWitness pushes checkpoints with right and wrong old
// sizes to a real Witness and checks the results and the proofs asked for.
func TestClientAgainstWitness(t *testing.T) {
	ctx := context.Background()
	l := newTestLog(t, "truce.test/log", 1).grow(40)
	other := l.fork(10).grow(30)
	unknown := newTestLog(t, "truce.test/unknown", 2).grow(5)
	impostor := newTestLog(t, "truce.test/log", 3).grow(40)
	e := newTestEnv(t, l)
	c := newTestClient(t, e.srv.URL+"/", e.w.VerifierKey(), 0)
	wv := c.Verifier()

	type push struct {
		name     string
		log      *testLog
		size     int64
		old      int64
		wantErr  error   // errors.Is target
		conflict int64   // want *ConflictError with this size, if > 0
		asked    []int64 // old sizes the proof function must be asked for
	}
	pushes := []push{
		{name: "first", log: l, size: 10, old: 0},
		{name: "grow", log: l, size: 15, old: 10, asked: []int64{10}},
		{name: "stale old size", log: l, size: 20, old: 3, asked: []int64{3, 15}},
		{name: "unknown old size", log: l, size: 25, old: 0, asked: []int64{20}},
		{name: "same again", log: l, size: 25, old: 25},
		{name: "fork", log: other, size: 30, old: 25, asked: []int64{25}, wantErr: ErrInconsistent},
		{name: "witness ahead", log: l, size: 22, old: 22, conflict: 25},
		{name: "unknown log", log: unknown, size: 5, old: 0, wantErr: ErrUnknownLog},
		{name: "impostor", log: impostor, size: 30, old: 25, asked: []int64{25}, wantErr: ErrUnverified},
		{name: "after refusals", log: l, size: 40, old: 25, asked: []int64{25}},
	}
	for _, p := range pushes {
		var asked []int64
		prove := func(ctx context.Context, old int64) (tlog.TreeProof, error) {
			asked = append(asked, old)
			return p.log.prover(p.size)(ctx, old)
		}
		cs, err := c.AddCheckpoint(ctx, p.log.checkpoint(p.size), p.old, prove)
		if fmt.Sprint(asked) != fmt.Sprint(p.asked) {
			t.Errorf("%s: proofs asked from %v, want %v", p.name, asked, p.asked)
		}
		var conflict *ConflictError
		switch {
		case p.conflict > 0:
			if !errors.As(err, &conflict) || conflict.WitnessSize != p.conflict {
				t.Errorf("%s: err %v, want ConflictError{%d}", p.name, err, p.conflict)
			}
			continue
		case p.wantErr != nil:
			if !errors.Is(err, p.wantErr) {
				t.Errorf("%s: err %v, want %v", p.name, err, p.wantErr)
			}
			continue
		case err != nil:
			t.Fatalf("%s: %v", p.name, err)
		}
		if cs.Signature.Name != "witness.test/w1" || time.Since(cs.Time) > time.Minute {
			t.Errorf("%s: cosignature %+v", p.name, cs)
		}
		if _, _, err := VerifyCosigned(append(p.log.checkpoint(p.size), cs.Line()...), l.verifier, []note.Verifier{wv}, 1); err != nil {
			t.Errorf("%s: %v", p.name, err)
		}
	}
	if st := e.state(l.origin); st.Size != 40 {
		t.Errorf("witness at size %d, want 40", st.Size)
	}
}

// TestClientResponses checks the client's handling of responses a correct
// witness would not send.
func TestClientResponses(t *testing.T) {
	l := newTestLog(t, "truce.test/log", 1).grow(10)
	cp := l.checkpoint(10)
	witness := testCosigner(t, "witness.test/w1")
	stranger := testCosigner(t, "witness.test/w1")
	cosign := func(s note.Signer) string {
		text, _, _ := splitNote(cp)
		msg, err := note.Sign(&note.Note{Text: string(text)}, s)
		if err != nil {
			t.Fatal(err)
		}
		_, sigs, _ := splitNote(msg)
		return string(sigs)
	}
	good := cosign(witness)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		timeout time.Duration
		check   func(err error) bool
	}{
		{"ok with extra lines", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, cosign(stranger)+good)
		}, 0, func(err error) bool { return err == nil }},
		{"cosignature from another key", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, cosign(stranger))
		}, 0, func(err error) bool { return errors.Is(err, ErrBadCosignature) }},
		{"corrupt cosignature", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, corruptLine(good))
		}, 0, func(err error) bool { return errors.Is(err, ErrBadCosignature) }},
		{"empty 200", func(w http.ResponseWriter, r *http.Request) {}, 0,
			func(err error) bool { return errors.Is(err, ErrBadCosignature) }},
		{"log signature echoed", func(w http.ResponseWriter, r *http.Request) {
			_, sigs, _ := splitNote(cp)
			w.Write(sigs)
		}, 0, func(err error) bool { return errors.Is(err, ErrBadCosignature) }},
		{"409 twice", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/x.tlog.size")
			w.WriteHeader(409)
			fmt.Fprint(w, "4\n")
		}, 0, func(err error) bool {
			var c *ConflictError
			return errors.As(err, &c) && c.WitnessSize == 4
		}},
		{"409 garbage", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(409)
			fmt.Fprint(w, "four")
		}, 0, func(err error) bool { return err != nil && !errors.As(err, new(*ConflictError)) }},
		{"400", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "bad", 400) }, 0,
			func(err error) bool { return errors.Is(err, ErrMalformed) }},
		{"403", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 403) }, 0,
			func(err error) bool { return errors.Is(err, ErrUnverified) }},
		{"404", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "?", 404) }, 0,
			func(err error) bool { return errors.Is(err, ErrUnknownLog) }},
		{"422", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "fork", 422) }, 0,
			func(err error) bool { return errors.Is(err, ErrInconsistent) }},
		{"503", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "busy", 503) }, 0,
			func(err error) bool {
				var s *StatusError
				return errors.As(err, &s) && s.StatusCode == 503 && s.Body == "busy"
			}},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body) // lets the server notice the client going away
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, 50 * time.Millisecond, func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newTestClient(t, srv.URL, witness.VerifierKey(), tt.timeout)
			_, err := c.AddCheckpoint(context.Background(), cp, 2, l.prover(10))
			if !tt.check(err) {
				t.Fatalf("unexpected error: %v", err)
			}
		})
	}
}

func TestClientArguments(t *testing.T) {
	l := newTestLog(t, "truce.test/log", 1).grow(10)
	w := testCosigner(t, "w")
	if _, err := NewClient(ClientConfig{URL: "", WitnessKey: w.VerifierKey()}); err == nil {
		t.Error("empty URL accepted")
	}
	if _, err := NewClient(ClientConfig{URL: "http://127.0.0.1:1", WitnessKey: l.vkey}); err == nil {
		t.Error("log key accepted as witness key")
	}
	c := newTestClient(t, "http://127.0.0.1:1", w.VerifierKey(), 0)
	ctx := context.Background()
	for _, tc := range []struct {
		msg []byte
		old int64
	}{
		{l.checkpoint(10), 11},
		{l.checkpoint(10), -1},
		{[]byte("not a note"), 0},
		{l.signText("truce.test/log\nx\n"), 0},
	} {
		if _, err := c.AddCheckpoint(ctx, tc.msg, tc.old, l.prover(10)); err == nil {
			t.Errorf("AddCheckpoint(%q, %d) succeeded", tc.msg, tc.old)
		}
	}
	if _, err := c.AddCheckpoint(ctx, l.checkpoint(10), 5, nil); err == nil || !strings.Contains(err.Error(), "no proof function") {
		t.Errorf("nil prover: %v", err)
	}
}
