//go:build trucefault

package store

import (
	"log/slog"
	"os"
	"strings"
	"sync"

	"truce/internal/federation/cite"
)

// citeFault is the test build's citation fault (citeFaultEnv), read once.
var citeFault = sync.OnceValue(func() string {
	mode := strings.TrimSpace(os.Getenv(citeFaultEnv))
	switch mode {
	case "cite-unknown", "cite-wrong-leaf":
		slog.Warn("THIS NODE WRITES FORGED CITATIONS ON PURPOSE (test build)", "fault", mode)
		return mode
	}
	return ""
})

// forgeCitations returns the citations a misbehaving test build writes in
// place of cs (see citeFaultEnv): cs itself unless a citation fault is set.
func forgeCitations(cs []cite.Citation) []cite.Citation {
	mode := citeFault()
	if mode == "" {
		return cs
	}
	out := make([]cite.Citation, len(cs))
	for i, c := range cs {
		switch mode {
		case "cite-unknown":
			c.Index += 1_000_000
		case "cite-wrong-leaf":
			if c.LeafHash != "" {
				d := "0"
				if c.LeafHash[0] == '0' {
					d = "1"
				}
				c.LeafHash = d + c.LeafHash[1:]
			}
		}
		out[i] = c
	}
	return out
}
