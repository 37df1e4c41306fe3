package web_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var seed = flag.Uint64("seed", 1, "seed of the random property tests (0 picks one)")

// inclusionCase is one inclusion proof computed by Go's tlog, for
// static/js/verify.js to check.
type inclusionCase struct {
	Index  int64    `json:"index"`
	Size   int64    `json:"size"`
	Leaf   string   `json:"leaf"` // the commitment (the record), base64
	Proof  []string `json:"proof"`
	Root   string   `json:"root"`
	Mutate int      `json:"mutate"` // index of a proof hash to corrupt, -1 for none
}

// testVerifyJS checks the browser's verification code against Go's
// reference implementations: random trees and proofs from
// golang.org/x/mod/sumdb/tlog, and notes signed with .../sumdb/note
// (random keys, whose base64 often holds '+').
func testVerifyJS(t *testing.T, ctx context.Context) {
	s := *seed
	if s == 0 {
		s = mrand.Uint64()
	}
	t.Logf("seed %d (rerun with -seed=%d)", s, s)
	rng := mrand.New(mrand.NewPCG(s, s))

	var cases []inclusionCase
	for range 40 {
		size := 1 + rng.Int64N(300)
		var stored []tlog.Hash
		hr := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
			out := make([]tlog.Hash, len(idx))
			for i, x := range idx {
				out[i] = stored[x]
			}
			return out, nil
		})
		leaves := make([][]byte, size)
		for i := range size {
			leaves[i] = make([]byte, 32)
			for j := range leaves[i] {
				leaves[i][j] = byte(rng.UintN(256))
			}
			hs, err := tlog.StoredHashes(i, leaves[i], hr)
			if err != nil {
				t.Fatal(err)
			}
			stored = append(stored, hs...)
		}
		root, err := tlog.TreeHash(size, hr)
		if err != nil {
			t.Fatal(err)
		}
		idx := rng.Int64N(size)
		proof, err := tlog.ProveRecord(size, idx, hr)
		if err != nil {
			t.Fatal(err)
		}
		c := inclusionCase{Index: idx, Size: size, Leaf: base64.StdEncoding.EncodeToString(leaves[idx]),
			Root: base64.StdEncoding.EncodeToString(root[:]), Mutate: -1}
		for _, h := range proof {
			c.Proof = append(c.Proof, base64.StdEncoding.EncodeToString(h[:]))
		}
		cases = append(cases, c)
		if len(proof) > 0 {
			bad := c
			bad.Mutate = rng.IntN(len(proof))
			cases = append(cases, bad)
		}
	}
	in, _ := json.Marshal(cases)
	results := get(t, ctx, "inclusion proofs", chromedp.Evaluate[[]string](fmt.Sprintf(`(async () => {
		const v = await import('/static/js/verify.js');
		const out = [];
		for (const c of %s) {
			const proof = c.proof ? c.proof.map(v.b64decode) : [];
			if (c.mutate >= 0) proof[c.mutate][7] ^= 1;
			try {
				const root = await v.rootFromInclusionProof(c.index, c.size, await v.leafHash(v.b64decode(c.leaf)), proof);
				out.push(v.b64encode(root) === c.root ? 'match' : 'differs');
			} catch (e) { out.push('error ' + e.message); }
		}
		return out;
	})()`, in), chromedp.EvalAwaitPromise))
	if len(results) != len(cases) {
		t.Fatalf("%d results for %d cases", len(results), len(cases))
	}
	for i, c := range cases {
		want := "match"
		if c.Mutate >= 0 {
			want = "differs"
		}
		if results[i] != want {
			t.Errorf("case %d (index %d of %d, mutate %d): %s, want %s", i, c.Index, c.Size, c.Mutate, results[i], want)
		}
	}

	type noteCase struct {
		Note, Key, Want string
	}
	var notes []noteCase
	for i := range 12 {
		name := fmt.Sprintf("example.org/log%d", i)
		skey, vkey, err := note.GenerateKey(rand.Reader, name)
		if err != nil {
			t.Fatal(err)
		}
		signer, _ := note.NewSigner(skey)
		_, otherKey, _ := note.GenerateKey(rand.Reader, name)
		text := fmt.Sprintf("%s\n%d\n%s\n", name, 1+i, base64.StdEncoding.EncodeToString(make([]byte, 32)))
		msg, err := note.Sign(&note.Note{Text: text}, signer)
		if err != nil {
			t.Fatal(err)
		}
		notes = append(notes,
			noteCase{string(msg), vkey, fmt.Sprintf("ok %d", 1+i)},
			noteCase{string(msg[:len(name)]) + "\n" + fmt.Sprint(100+i) + string(msg[len(name)+1+len(fmt.Sprint(1+i)):]), vkey, "bad_signature"},
			noteCase{string(msg), otherKey, "unsigned"})
	}
	in, _ = json.Marshal(notes)
	got := get(t, ctx, "signed notes", chromedp.Evaluate[[]string](fmt.Sprintf(`(async () => {
		const v = await import('/static/js/verify.js');
		const out = [];
		for (const c of %s) {
			try { const cp = await v.verifyCheckpoint(c.Note, c.Key); out.push('ok ' + cp.size); }
			catch (e) { out.push(e.code || e.message); }
		}
		return out;
	})()`, in), chromedp.EvalAwaitPromise))
	for i, c := range notes {
		if i >= len(got) || got[i] != c.Want {
			t.Errorf("note %d (key %s): got %v, want %s", i, c.Key, got[i:min(i+1, len(got))], c.Want)
		}
	}
}
