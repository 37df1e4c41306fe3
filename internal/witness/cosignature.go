package witness

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Cosignature is a verified witness cosignature on a checkpoint.
type Cosignature struct {
	// Signature is the note signature: the witness's key name, key id and
	// base64(key id || timestamp || Ed25519 signature).
	Signature note.Signature
	// Time is the timestamp the witness signed, in seconds.
	Time time.Time
}

// Line returns the cosignature as a note signature line, "— <name>
// <base64>\n", ready to be appended to the checkpoint's signature block.
func (c Cosignature) Line() string {
	return fmt.Sprintf("— %s %s\n", c.Signature.Name, c.Signature.Base64)
}

// cosignatureFrom decodes the timestamp of a verified cosignature/v1 note
// signature. It returns an error if the signature is not 4+8+64 bytes or
// its timestamp is zero or above 2^63-1.
func cosignatureFrom(sig note.Signature) (Cosignature, error) {
	b, err := base64.StdEncoding.DecodeString(sig.Base64)
	if err != nil {
		return Cosignature{}, fmt.Errorf("cosignature by %s: %w", sig.Name, err)
	}
	if len(b) != 4+8+64 {
		return Cosignature{}, fmt.Errorf("cosignature by %s: %d bytes, want 76", sig.Name, len(b))
	}
	t := binary.BigEndian.Uint64(b[4:])
	if t == 0 || t > math.MaxInt64 {
		return Cosignature{}, errors.New("cosignature by " + sig.Name + ": invalid timestamp")
	}
	return Cosignature{Signature: sig, Time: time.Unix(int64(t), 0).UTC()}, nil
}

// dedupeVerifiers returns the verifiers with distinct (name, key id),
// keeping the first of each.
func dedupeVerifiers(vs []note.Verifier) []note.Verifier {
	type nameHash struct {
		name string
		hash uint32
	}
	seen := make(map[nameHash]bool, len(vs))
	out := make([]note.Verifier, 0, len(vs))
	for _, v := range vs {
		if v == nil {
			continue
		}
		k := nameHash{v.Name(), v.KeyHash()}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, v)
	}
	return out
}
