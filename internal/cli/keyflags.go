package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/witness"
)

// trustFlags are the out-of-band trust settings of a verifier: the node's
// key, witness keys and the quorum.
type trustFlags struct {
	key         string
	witnessKeys []string
	quorum      int
}

func addTrustFlags(fs *flag.FlagSet) *trustFlags {
	t := &trustFlags{}
	fs.StringVar(&t.key, "key", "", "the node's verifier `key` (or @file), obtained out of band ('truce key' on the node)")
	fs.Func("witness-key", "a witness's cosignature verifier `key` (or @file); repeatable", func(s string) error {
		t.witnessKeys = append(t.witnessKeys, s)
		return nil
	})
	fs.IntVar(&t.quorum, "quorum", -1, "witness cosignatures required (default: all given --witness-key)")
	return t
}

func (t *trustFlags) parse() (note.Verifier, []note.Verifier, int, error) {
	if t.key == "" {
		return nil, nil, 0, usagef("--key is required: the node's verifier key, obtained out of band")
	}
	k, err := readKeyArg(t.key)
	if err != nil {
		return nil, nil, 0, err
	}
	logKey, err := note.NewVerifier(k)
	if err != nil {
		return nil, nil, 0, usagef("--key: %v", err)
	}
	var ws []note.Verifier
	for _, wk := range t.witnessKeys {
		k, err := readKeyArg(wk)
		if err != nil {
			return nil, nil, 0, err
		}
		v, err := witness.ParseCosignatureVerifier(k)
		if err != nil {
			return nil, nil, 0, usagef("--witness-key: %v", err)
		}
		ws = append(ws, v)
	}
	q := t.quorum
	if q < 0 {
		q = len(ws)
	}
	if q > len(ws) {
		return nil, nil, 0, usagef("--quorum %d is more than the %d --witness-key given", q, len(ws))
	}
	return logKey, ws, q, nil
}

func readKeyArg(s string) (string, error) {
	if path, ok := strings.CutPrefix(s, "@"); ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("read key: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return strings.TrimSpace(s), nil
}
