package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Prefixes of the secrets truce issues, so that a leaked one is recognisable
// (and can be found by secret scanners).
const (
	TokenPrefix   = "truce_"
	SessionPrefix = "trs_"
)

// NewSecret returns prefix followed by 32 random bytes in unpadded base64url.
func NewSecret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("access: crypto/rand failed: " + err.Error()) // never happens on Linux
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a token or session secret: what is
// stored at rest. A 256-bit random secret needs no slow hash.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// LooksLikeToken reports whether s has the shape of an API token, so that a
// password pasted in its place is rejected early with a clear message.
func LooksLikeToken(s string) bool {
	return strings.HasPrefix(s, TokenPrefix) && len(s) == len(TokenPrefix)+43
}

// NewID returns a random identifier with a type prefix, e.g. "usr_…".
func NewID(prefix string) string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic("access: crypto/rand failed: " + err.Error())
	}
	return prefix + "_" + strings.ToLower(base32NoPad(b))
}

func base32NoPad(b []byte) string {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz" // Crockford
	var sb strings.Builder
	var acc uint
	var bits uint
	for _, c := range b {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			sb.WriteByte(alphabet[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		sb.WriteByte(alphabet[(acc<<(5-bits))&31])
	}
	return sb.String()
}
