package sitrep

import (
	"bytes"
	"context"
	"fmt"

	"truce/internal/accounts"
	"truce/internal/incidents"
)

// EvidenceContent stores issued reports in the node's evidence store
// (content-addressed by SHA-256, checked on every read).
type EvidenceContent struct{ Store *incidents.EvidenceStore }

// Put stores b and returns its SHA-256 in hex.
func (c EvidenceContent) Put(b []byte) (string, error) {
	ev, err := c.Store.Put(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("sitrep: evidence: %w", err)
	}
	return ev.SHA256, nil
}

// Get returns the bytes stored under sha; an error wrapping
// fault.ErrNotFound if there are none.
func (c EvidenceContent) Get(sha string) ([]byte, error) { return c.Store.Open(sha) }

// CoChairsFrom returns the function that lists the co-chairs (parties not
// retired) from the parties parties reads.
func CoChairsFrom(parties func(ctx context.Context) ([]accounts.Party, error)) func(ctx context.Context) ([]string, error) {
	return func(ctx context.Context) ([]string, error) {
		ps, err := parties(ctx)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, p := range ps {
			if p.CoChair && p.Retired == "" {
				out = append(out, p.ID)
			}
		}
		return out, nil
	}
}
