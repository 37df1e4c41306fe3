package ledger

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is the body of a C2SP tlog-checkpoint: the log's origin, the
// tree size and its root hash.
type Checkpoint struct {
	Origin string
	tlog.Tree
}

// Body returns the checkpoint's note text:
// "<origin>\n<size>\n<base64 root>\n".
func (c Checkpoint) Body() string {
	return fmt.Sprintf("%s\n%d\n%s\n", c.Origin, c.N, base64.StdEncoding.EncodeToString(c.Hash[:]))
}

// ParseCheckpoint parses a checkpoint body (the text of the note, without
// signatures). Extension lines after the root are allowed and ignored.
func ParseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) < 4 || !strings.HasSuffix(text, "\n") {
		return Checkpoint{}, errors.New("checkpoint: want origin, size and root hash, each on its own line")
	}
	origin := strings.TrimSuffix(lines[0], "\n")
	if origin == "" {
		return Checkpoint{}, errors.New("checkpoint: empty origin")
	}
	sizeText := strings.TrimSuffix(lines[1], "\n")
	n, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != sizeText {
		return Checkpoint{}, fmt.Errorf("checkpoint: bad tree size %q", sizeText)
	}
	root, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(lines[2], "\n"))
	if err != nil || len(root) != tlog.HashSize {
		return Checkpoint{}, fmt.Errorf("checkpoint: bad root hash %q", strings.TrimSuffix(lines[2], "\n"))
	}
	var c Checkpoint
	c.Origin, c.N = origin, n
	copy(c.Hash[:], root)
	return c, nil
}

// SignCheckpoint signs c as a note with the node's signer.
func SignCheckpoint(c Checkpoint, signer note.Signer) ([]byte, error) {
	msg, err := note.Sign(&note.Note{Text: c.Body()}, signer)
	if err != nil {
		return nil, fmt.Errorf("ledger: sign checkpoint %d: %w", c.N, err)
	}
	return msg, nil
}

// OpenCheckpoint verifies a signed checkpoint note against the log's
// verifier and parses it. Signatures by unknown keys (witness cosignatures)
// are allowed and returned in the note's UnverifiedSigs.
func OpenCheckpoint(msg []byte, logKey note.Verifier) (Checkpoint, *note.Note, error) {
	n, err := note.Open(msg, note.VerifierList(logKey))
	if err != nil {
		return Checkpoint{}, nil, fmt.Errorf("checkpoint: signature by %s does not verify: %w", logKey.Name(), err)
	}
	c, err := ParseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, nil, err
	}
	if c.Origin != logKey.Name() {
		return Checkpoint{}, nil, fmt.Errorf("checkpoint: origin %q does not match the log key %q", c.Origin, logKey.Name())
	}
	return c, n, nil
}

// AppendSignatures returns the signed note msg with extra signature lines
// (e.g. witness cosignatures, each "— name base64\n") appended.
func AppendSignatures(msg []byte, lines [][]byte) []byte {
	out := bytes.Clone(msg)
	for _, l := range lines {
		if !bytes.HasSuffix(l, []byte("\n")) {
			l = append(bytes.Clone(l), '\n')
		}
		out = append(out, l...)
	}
	return out
}
