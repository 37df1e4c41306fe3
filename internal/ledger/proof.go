package ledger

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// ProofHeader is the first line of a C2SP tlog-proof.
const ProofHeader = "c2sp.org/tlog-proof@v1"

// Proof is an offline-verifiable proof that an entry is in the log (C2SP
// tlog-proof). truce puts the entry's canonical bytes in the proof's "extra"
// field, so the bundle is self-contained: a verifier hashes them to the
// commitment, the commitment to the leaf, and checks the inclusion proof
// against the (cosigned) checkpoint.
type Proof struct {
	Extra      []byte // the entry's canonical bytes
	Index      int64
	Hashes     tlog.RecordProof
	Checkpoint []byte // signed note, with cosignatures
}

// maxProofHashes bounds a proof: a tree of 2^63 entries needs 63.
const maxProofHashes = 64

// Format returns the proof in the C2SP tlog-proof text format.
func (p *Proof) Format() []byte {
	var b bytes.Buffer
	b.WriteString(ProofHeader + "\n")
	if p.Extra != nil {
		fmt.Fprintf(&b, "extra %s\n", base64.StdEncoding.EncodeToString(p.Extra))
	}
	fmt.Fprintf(&b, "index %d\n", p.Index)
	for _, h := range p.Hashes {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]) + "\n")
	}
	b.WriteString("\n")
	b.Write(p.Checkpoint)
	return b.Bytes()
}

// ParseProof parses a C2SP tlog-proof. It checks the syntax only; use
// [Proof.VerifyInclusion] and a checkpoint verifier to check it.
func ParseProof(data []byte) (*Proof, error) {
	head, cp, ok := bytes.Cut(data, []byte("\n\n"))
	if !ok {
		return nil, errors.New("tlog-proof: no blank line before the checkpoint")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != ProofHeader {
		return nil, fmt.Errorf("tlog-proof: first line is %q, want %q", lines[0], ProofHeader)
	}
	p := &Proof{Checkpoint: cp}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		extra, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[0], "extra "))
		if err != nil {
			return nil, fmt.Errorf("tlog-proof: bad extra: %w", err)
		}
		p.Extra = extra
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return nil, errors.New("tlog-proof: missing index line")
	}
	idx, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil || idx < 0 {
		return nil, fmt.Errorf("tlog-proof: bad index %q", lines[0])
	}
	p.Index = idx
	lines = lines[1:]
	if len(lines) > maxProofHashes {
		return nil, fmt.Errorf("tlog-proof: %d proof hashes, at most %d", len(lines), maxProofHashes)
	}
	for i, l := range lines {
		h, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(h) != tlog.HashSize {
			return nil, fmt.Errorf("tlog-proof: proof hash %d is not 32 bytes of base64", i)
		}
		p.Hashes = append(p.Hashes, tlog.Hash(h))
	}
	return p, nil
}

// VerifyInclusion checks that the entry in p.Extra is at p.Index in the tree
// of cp (a checkpoint whose signatures the caller has verified) and returns
// the decoded entry.
func (p *Proof) VerifyInclusion(cp Checkpoint) (*Entry, error) {
	if p.Extra == nil {
		return nil, errors.New("tlog-proof: no entry in the proof's extra field")
	}
	e, err := DecodeEntry(p.Extra)
	if err != nil {
		return nil, err
	}
	if e.Seq != p.Index {
		return nil, fmt.Errorf("tlog-proof: entry says seq %d, proof is for index %d", e.Seq, p.Index)
	}
	if p.Index >= cp.N {
		return nil, fmt.Errorf("tlog-proof: index %d is beyond the checkpoint's %d entries", p.Index, cp.N)
	}
	leaf := LeafHash(Commitment(p.Extra))
	if err := tlog.CheckRecord(p.Hashes, cp.N, cp.Hash, p.Index, leaf); err != nil {
		return nil, fmt.Errorf("tlog-proof: entry %d is not in the tree of size %d: %w", p.Index, cp.N, err)
	}
	return e, nil
}
