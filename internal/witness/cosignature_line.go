package witness

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// ParseCosignatureLine decodes one cosignature/v1 signature line, "— <name>
// <base64>\n" (as [Cosignature.Line] writes and [Client.AddCheckpoint]
// returns), into its signature and timestamp. It does NOT verify the
// signature: the caller MUST pass only lines that were verified against
// the witness's key and the checkpoint (the node's own checkpointer and the
// mirrors do so before they store a line). It returns an error for a line
// that is not a signature line of 4+8+64 bytes with a valid timestamp.
func ParseCosignatureLine(line []byte) (Cosignature, error) {
	s, ok := strings.CutPrefix(strings.TrimSuffix(string(line), "\n"), "— ")
	if !ok {
		return Cosignature{}, errors.New("witness: cosignature line does not start with an em dash and a space")
	}
	name, b64, ok := strings.Cut(s, " ")
	if !ok || name == "" || strings.ContainsAny(b64, " \n") {
		return Cosignature{}, fmt.Errorf("witness: cosignature line %q: want a key name and a base64 signature", s)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) < 4 {
		return Cosignature{}, fmt.Errorf("witness: cosignature line of %s: bad base64 signature", name)
	}
	return cosignatureFrom(note.Signature{Name: name, Hash: binary.BigEndian.Uint32(b), Base64: b64})
}
