package witness

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/tlog"
)

// MaxProofLines is the largest number of consistency proof lines a request
// may carry (C2SP tlog-witness: clients MUST NOT send more than 63).
const MaxProofLines = 63

// AddCheckpointRequest is the body of a tlog-witness add-checkpoint request.
type AddCheckpointRequest struct {
	// OldSize is the size of the checkpoint the client believes the
	// witness last cosigned for the log (0 if none).
	OldSize int64
	// Proof is a consistency proof from OldSize to the checkpoint's size.
	Proof tlog.TreeProof
	// Checkpoint is the log's signed note, with its signature lines.
	Checkpoint []byte
}

// FormatAddCheckpoint returns the add-checkpoint request body for oldSize,
// proof and the signed checkpoint note: "old <N>\n", one base64 hash per
// line, an empty line, then the note.
func FormatAddCheckpoint(oldSize int64, proof tlog.TreeProof, signedCheckpoint []byte) []byte {
	var b bytes.Buffer
	b.Grow(16 + 45*len(proof) + 1 + len(signedCheckpoint))
	b.WriteString("old ")
	b.WriteString(strconv.FormatInt(oldSize, 10))
	b.WriteByte('\n')
	for _, h := range proof {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.Write(signedCheckpoint)
	return b.Bytes()
}

// ParseAddCheckpoint parses an add-checkpoint request body. It checks the
// framing only: the old size line (decimal, no leading zeroes, not
// negative), at most [MaxProofLines] proof lines of one base64 hash each, the
// empty line, and a non-empty remainder (the note, which the caller
// verifies). Errors wrap [ErrMalformed].
func ParseAddCheckpoint(body []byte) (AddCheckpointRequest, error) {
	head, rest, ok := bytes.Cut(body, []byte("\n\n"))
	if !ok {
		return AddCheckpointRequest{}, fmt.Errorf("%w: no empty line before the checkpoint", ErrMalformed)
	}
	if len(rest) == 0 {
		return AddCheckpointRequest{}, fmt.Errorf("%w: no checkpoint", ErrMalformed)
	}
	lines := strings.Split(string(head), "\n")
	size, ok := strings.CutPrefix(lines[0], "old ")
	if !ok {
		return AddCheckpointRequest{}, fmt.Errorf("%w: first line is not \"old <size>\"", ErrMalformed)
	}
	oldSize, err := parseSize(size)
	if err != nil {
		return AddCheckpointRequest{}, fmt.Errorf("%w: old size: %v", ErrMalformed, err)
	}
	if len(lines)-1 > MaxProofLines {
		return AddCheckpointRequest{}, fmt.Errorf("%w: %d proof lines, at most %d allowed", ErrMalformed, len(lines)-1, MaxProofLines)
	}
	var proof tlog.TreeProof
	for i, l := range lines[1:] {
		h, err := tlog.ParseHash(l)
		if err != nil {
			return AddCheckpointRequest{}, fmt.Errorf("%w: proof line %d: not a base64 hash", ErrMalformed, i+1)
		}
		proof = append(proof, h)
	}
	return AddCheckpointRequest{OldSize: oldSize, Proof: proof, Checkpoint: rest}, nil
}

// parseSize parses a canonical non-negative decimal: no sign, no leading
// zeroes (except "0" itself).
func parseSize(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || s != strconv.FormatInt(n, 10) {
		return 0, fmt.Errorf("%q is not a canonical decimal size", s)
	}
	return n, nil
}

// Checkpoint is a parsed C2SP tlog-checkpoint body.
type Checkpoint struct {
	// Origin is the log's origin line.
	Origin string
	// Size is the tree size.
	Size int64
	// Root is the RFC 6962 root hash of the tree of Size leaves.
	Root tlog.Hash
	// Extension holds the extension lines, each newline-terminated, or "".
	Extension string
}

// Body returns the checkpoint body, the text a log signs.
func (c Checkpoint) Body() string {
	return fmt.Sprintf("%s\n%d\n%s\n%s", c.Origin, c.Size,
		base64.StdEncoding.EncodeToString(c.Root[:]), c.Extension)
}

// ParseCheckpointBody parses a checkpoint body (the text of a signed note,
// without signatures). It returns an error if the body is not exactly in
// the canonical C2SP tlog-checkpoint format.
func ParseCheckpointBody(text string) (Checkpoint, error) {
	c, err := torchwood.ParseCheckpoint(text)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("witness: checkpoint: %w", err)
	}
	cp := Checkpoint{Origin: c.Origin, Size: c.N, Root: c.Hash, Extension: c.Extension}
	if c.Origin == "" || cp.Body() != text {
		return Checkpoint{}, errors.New("witness: checkpoint: not in canonical form")
	}
	return cp, nil
}

// splitNote splits a signed note into its text (ending in a newline) and
// its signature block (one or more newline-terminated lines). It checks
// only that framing.
func splitNote(msg []byte) (text, sigs []byte, err error) {
	i := bytes.LastIndex(msg, []byte("\n\n"))
	if i < 0 {
		return nil, nil, errors.New("signed note has no signature block")
	}
	text, sigs = msg[:i+1], msg[i+2:]
	if len(sigs) == 0 || sigs[len(sigs)-1] != '\n' {
		return nil, nil, errors.New("signed note has a malformed signature block")
	}
	return text, sigs, nil
}
