//go:build trucefault

package peerapi

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// misbehaviour is the fault of a test build's node (see FaultEnv). It
// holds the node's real log untouched: it changes only what the peers are
// shown, as a node whose operator changed its code would.
type misbehaviour struct {
	mode   string // "fork", "rewrite", "bad-content" or "stale"
	target string // fork: the member shown the other history
	index  int64  // rewrite: the entry rewritten
	from   int64  // the tree size at start, which the peers may have accepted
	signer note.Signer
	tree   Tree
	log    *slog.Logger

	mu        sync.Mutex
	forkNote  []byte           // fork: the other history's newest checkpoint, cosigned by target's witness
	frozen    []byte           // stale: the checkpoint served ever after
	rewritten map[int64][]byte // rewrite: the signed note of each size served
}

// NewFault returns the fault FaultEnv names, nil if it is empty, and an
// error if it names none.
func NewFault(d FaultDeps) (Fault, error) {
	spec := ""
	if d.Getenv != nil {
		spec = strings.TrimSpace(d.Getenv(FaultEnv))
	}
	if spec == "" {
		return nil, nil
	}
	if d.Signer == nil || d.Tree == nil {
		return nil, errors.New("peerapi: fault: needs the node's signer and tree")
	}
	f := &misbehaviour{signer: d.Signer, tree: d.Tree, from: d.Tree.Size(), log: d.Logger, rewritten: map[int64][]byte{}}
	if f.log == nil {
		f.log = slog.Default()
	}
	mode, arg, _ := strings.Cut(spec, ":")
	f.mode = mode
	switch mode {
	case "fork":
		if arg == "" {
			return nil, fmt.Errorf("peerapi: %s=%q: name the member shown the other history, fork:PARTY", FaultEnv, spec)
		}
		f.target = arg
	case "rewrite":
		f.index = f.from / 2
		if arg != "" {
			k, err := strconv.ParseInt(arg, 10, 64)
			if err != nil || k < 0 {
				return nil, fmt.Errorf("peerapi: %s=%q: want rewrite:ENTRY", FaultEnv, spec)
			}
			f.index = k
		}
		if f.index >= f.from {
			return nil, fmt.Errorf("peerapi: %s=%q: entry %d is not in the tree of %d at start", FaultEnv, spec, f.index, f.from)
		}
	case "bad-content", "stale":
	case "cite-unknown", "cite-wrong-leaf", "backdate":
		// The node writes forged citations in its own log (package
		// store), or backdated entry times (EntryClock): it shows its
		// peers that log as it is.
		f.log.Warn("THIS NODE MISBEHAVES ON PURPOSE (test build)", "fault", spec, "from", f.from)
		return nil, nil
	default:
		return nil, fmt.Errorf("peerapi: %s=%q: want fork:PARTY, rewrite[:ENTRY], bad-content, stale, cite-unknown, cite-wrong-leaf or backdate[:DURATION]", FaultEnv, spec)
	}
	f.log.Warn("THIS NODE MISBEHAVES ON PURPOSE (test build)", "fault", spec, "from", f.from)
	return f, nil
}

// forged returns the commitment a misbehaving node puts at entry i in
// place of the real one: the same for every call, so that the histories
// it shows grow consistently.
func forged(what string, i int64) tlog.Hash {
	return tlog.Hash(sha256.Sum256(fmt.Appendf(nil, "truce trucefault %s %d", what, i)))
}

// history returns the leaves [0, n) of the history shown instead of the
// real one: the fork's (real up to from, forged after) or the rewrite's
// (real, but entry index forged).
func (f *misbehaviour) history(n int64) ([]tlog.Hash, error) {
	real, err := f.tree.Commitments(0, n)
	if err != nil {
		return nil, err
	}
	out := append([]tlog.Hash(nil), real...)
	for i := range out {
		switch {
		case f.mode == "fork" && int64(i) >= f.from:
			out[i] = forged("fork", int64(i))
		case f.mode == "rewrite" && int64(i) == f.index:
			out[i] = forged("rewrite", int64(i))
		}
	}
	return out, nil
}

// sign returns the checkpoint of the shown history of n entries, signed
// with the node's real log key (no cosignature), and its hashes.
func (f *misbehaviour) sign(n int64) ([]byte, ledger.Checkpoint, *ledger.HashStore, error) {
	leaves, err := f.history(n)
	if err != nil {
		return nil, ledger.Checkpoint{}, nil, err
	}
	hs, err := ledger.RebuildHashStore(leaves)
	if err != nil {
		return nil, ledger.Checkpoint{}, nil, err
	}
	root, err := tlog.TreeHash(n, hs)
	if err != nil {
		return nil, ledger.Checkpoint{}, nil, err
	}
	cp := ledger.Checkpoint{Origin: f.signer.Name(), Tree: tlog.Tree{N: n, Hash: root}}
	signed, err := ledger.SignCheckpoint(cp, f.signer)
	return signed, cp, hs, err
}

// noteSize returns the tree size of a checkpoint note, -1 if it is none.
func noteSize(n []byte) int64 {
	text, _, ok := bytes.Cut(n, []byte("\n\n"))
	if !ok {
		return -1
	}
	cp, err := ledger.ParseCheckpoint(string(text) + "\n")
	if err != nil {
		return -1
	}
	return cp.N
}
