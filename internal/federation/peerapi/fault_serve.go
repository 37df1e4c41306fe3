//go:build trucefault

package peerapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// recorder keeps a response so that the fault can change it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// wrap implements Fault: it serves the real peer API's answer, changed as
// the fault says for the caller.
func (f *misbehaviour) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		if rec.status == http.StatusOK {
			var ok bool
			if body, ok = f.alter(r, body); !ok {
				writeProblem(w, r, "no-checkpoint", "the node has signed no checkpoint yet")
				return
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(body)
	})
}

// alter returns the body the fault serves in place of the real one, ok
// false to answer that there is no checkpoint.
func (f *misbehaviour) alter(r *http.Request, body []byte) ([]byte, bool) {
	route := strings.TrimPrefix(r.URL.Path, "/federation/v1/")
	start, _ := strconv.ParseInt(r.URL.Query().Get("start"), 10, 64) // validated by the real handler
	shown := f.mode != "fork" || caller(r) == f.target
	switch {
	case !shown:
		return body, true
	case f.mode == "stale" && route == "checkpoint":
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.frozen == nil {
			f.frozen = bytes.Clone(body)
		}
		return f.frozen, true
	case f.mode == "bad-content" && route == "entries":
		return f.entries(body, func(seq int64, b []byte) []byte {
			if seq < f.from {
				return b
			}
			return tamper(b)
		}), true
	case route == "checkpoint":
		return f.checkpoint(body)
	case route == "commitments":
		return f.commitments(body, start), true
	case route == "entries":
		return f.entries(body, func(seq int64, b []byte) []byte {
			if f.mode == "fork" && seq >= f.from || f.mode == "rewrite" && seq == f.index {
				return nil // a forged commitment has no content
			}
			return b
		}), true
	case f.mode == "fork" && route == "checkpoints":
		return f.gossip(body), true
	}
	return body, true
}

// checkpoint serves the shown history's checkpoint of the real one's
// size: for a fork the note the target's witness cosigned (none while it
// has not), for a rewrite one signed by the log alone.
func (f *misbehaviour) checkpoint(real []byte) ([]byte, bool) {
	n := noteSize(real)
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.mode == "fork" && n > f.from:
		return f.forkNote, f.forkNote != nil
	case f.mode == "rewrite" && n > f.from: // an old entry rewritten, and the log goes on
		if f.rewritten[n] == nil {
			signed, _, _, err := f.sign(n)
			if err != nil {
				f.log.Error("fault: sign the rewritten history", "err", err)
				return nil, false
			}
			f.rewritten[n] = signed
		}
		return f.rewritten[n], true
	}
	return real, true
}

// commitments replaces the real commitments from start with the shown
// history's.
func (f *misbehaviour) commitments(body []byte, start int64) []byte {
	out := bytes.Clone(body)
	for i := range int64(len(out) / tlog.HashSize) {
		seq := start + i
		var h tlog.Hash
		switch {
		case f.mode == "fork" && seq >= f.from:
			h = forged("fork", seq)
		case f.mode == "rewrite" && seq == f.index:
			h = forged("rewrite", seq)
		default:
			continue
		}
		copy(out[i*tlog.HashSize:], h[:])
	}
	return out
}

// entries serves each line of an entries response as fn returns it (nil:
// left out).
func (f *misbehaviour) entries(body []byte, fn func(seq int64, b []byte) []byte) []byte {
	var out []byte
	for _, b := range bytes.SplitAfter(body, []byte("\n")) {
		line := bytes.TrimSuffix(b, []byte("\n"))
		if len(line) == 0 {
			continue
		}
		e, err := ledger.DecodeEntry(line)
		if err != nil {
			out = append(out, b...)
			continue
		}
		if line = fn(e.Seq, line); line != nil {
			out = append(append(out, line...), '\n')
		}
	}
	return out
}

// tamper returns an entry's bytes with another author: still an entry of
// its seq, no longer the content of its commitment.
func tamper(b []byte) []byte {
	var fields map[string]json.RawMessage
	if json.Unmarshal(b, &fields) != nil {
		return append(bytes.Clone(b), ' ')
	}
	fields["author"] = json.RawMessage(`"forged-by-a-test-build"`)
	out, err := json.Marshal(fields)
	if err != nil {
		return append(bytes.Clone(b), ' ')
	}
	return out
}

// gossip serves the target the other history's checkpoint as the node's
// own, so that it finds nothing amiss in what the node says it holds.
func (f *misbehaviour) gossip(body []byte) []byte {
	var g GossipList
	f.mu.Lock()
	fork := f.forkNote
	f.mu.Unlock()
	if fork == nil || json.Unmarshal(body, &g) != nil {
		return body
	}
	for i, n := range g.Checkpoints {
		if strings.HasPrefix(n, f.signer.Name()+"\n") {
			g.Checkpoints[i] = string(fork)
		}
	}
	out, err := json.Marshal(g)
	if err != nil {
		return body
	}
	return append(out, '\n')
}
