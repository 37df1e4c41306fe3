// Package hostedlog is the record a party node split from a hosted centre
// keeps of the hosted log: the first entry of its own log (kind
// federation.split), which names the hosted log's last signed checkpoint
// and its verifier key. Every citation of a hosted entry in the node's log
// is checked, and proved, against that checkpoint (see
// internal/federation/split).
package hostedlog

import (
	"encoding/json"
	"fmt"

	"truce/internal/federation/cite"
)

// The kinds of the entries a split writes (truce federation split):
// KindSplit is the first entry of each new log; KindCarried carries a
// hosted statement about another party's record into its party's new log.
// Both are kept in the log only: no table projects them.
const (
	KindSplit   = "federation.split"
	KindCarried = "history.carried"
)

// EntryKinds returns the kinds a split appends, in a new slice. A kind
// added here MUST be added to the store's projection table, which is
// checked against this list.
func EntryKinds() []string { return []string{KindSplit, KindCarried} }

// Head is the payload of a federation.split entry.
type Head struct {
	// Cites names the hosted log's last entry.
	Cites        []cite.Citation `json:"cites"`
	HostedOrigin string          `json:"hosted_origin"`
	// LogKey is the hosted node's checkpoint verifier key (C2SP
	// signed-note vkey).
	LogKey string `json:"log_key"`
	// TreeSize and RootHash (base64) are the tree of Checkpoint.
	TreeSize int64  `json:"tree_size"`
	RootHash string `json:"root_hash"`
	// Checkpoint is the hosted log's last signed checkpoint note, with its
	// cosignatures.
	Checkpoint string `json:"checkpoint"`
}

// ParseHead decodes the payload of a federation.split entry.
func ParseHead(payload []byte) (*Head, error) {
	var h Head
	if err := json.Unmarshal(payload, &h); err != nil {
		return nil, fmt.Errorf("hostedlog: %s payload: %w", KindSplit, err)
	}
	if h.HostedOrigin == "" || h.LogKey == "" {
		return nil, fmt.Errorf("hostedlog: %s payload names no hosted origin or key", KindSplit)
	}
	return &h, nil
}
