package cite

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/ledger"
)

// Citation names one entry of one origin's log: its index and the RFC 6962
// leaf hash of its commitment (lower-case hex).
type Citation struct {
	Origin   string `json:"origin"`
	Index    int64  `json:"index"`
	LeafHash string `json:"leaf_hash"`
}

// Of returns the citation of the entry at index of origin whose commitment
// is c.
func Of(origin string, index int64, c tlog.Hash) Citation {
	leaf := ledger.LeafHash(c)
	return Citation{Origin: origin, Index: index, LeafHash: hex.EncodeToString(leaf[:])}
}

// String returns the citation as ORIGIN#INDEX:LEAFHASH (ORIGIN#INDEX when
// the leaf hash is empty), the id the CLI and the API take ([Parse]).
func (c Citation) String() string {
	s := c.Origin + "#" + strconv.FormatInt(c.Index, 10)
	if c.LeafHash != "" {
		s += ":" + c.LeafHash
	}
	return s
}

// Matches reports whether the entry held with commitment held is the one
// c names: same leaf hash (a citation without one matches any).
func (c Citation) Matches(held tlog.Hash) bool {
	if c.LeafHash == "" {
		return true
	}
	leaf := ledger.LeafHash(held)
	return c.LeafHash == hex.EncodeToString(leaf[:])
}

// Validate checks c's form: an origin, an index ≥ 0 and a leaf hash of 64
// lower-case hex digits (or none when partial is set). It returns an
// *fault.InvalidError naming field.
func (c Citation) Validate(field string, partial bool) error {
	if c.Origin == "" || strings.ContainsAny(c.Origin, "\n#") {
		return fault.Invalid(field, "a citation needs the origin of the cited log")
	}
	if c.Index < 0 {
		return fault.Invalid(field, "citation of %s: index %d is negative", c.Origin, c.Index)
	}
	if c.LeafHash == "" && partial {
		return nil
	}
	if !validLeaf(c.LeafHash) {
		return fault.Invalid(field, "citation of %s#%d: leaf hash %q is not %d lower-case hex digits", c.Origin, c.Index, c.LeafHash, 2*tlog.HashSize)
	}
	return nil
}

func validLeaf(s string) bool {
	if len(s) != 2*tlog.HashSize || strings.ToLower(s) != s {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Parse parses ORIGIN#INDEX[:LEAFHASH]. Without the leaf hash the caller
// cites whatever verified entry it holds at that index. It returns an
// *fault.InvalidError naming field "id" when s has another form.
func Parse(s string) (Citation, error) {
	bad := fault.Invalid("id", "%q: want ORIGIN#INDEX or ORIGIN#INDEX:LEAFHASH, as 'truce federation show' prints it", s)
	i := strings.LastIndex(s, "#")
	if i <= 0 {
		return Citation{}, bad
	}
	c := Citation{Origin: s[:i]}
	rest := s[i+1:]
	if idx, leaf, ok := strings.Cut(rest, ":"); ok {
		if !validLeaf(leaf) {
			return Citation{}, bad
		}
		rest, c.LeafHash = idx, leaf
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != rest {
		return Citation{}, bad
	}
	c.Index = n
	return c, nil
}

// Less orders citations by (origin, index, leaf hash): the order [Merge]
// keeps them in.
func Less(a, b Citation) bool {
	if a.Origin != b.Origin {
		return a.Origin < b.Origin
	}
	if a.Index != b.Index {
		return a.Index < b.Index
	}
	return a.LeafHash < b.LeafHash
}

// errorf wraps err with what was being checked.
func errorf(c Citation, err error) error { return fmt.Errorf("cite %s: %w", c, err) }
