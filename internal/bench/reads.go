package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// ReadFigure is one API read measured against its ceiling in the same run:
// the node's and the ceiling's requests/s (the best of the rounds each),
// the node's p99 latency in that round, and the peak heap of the process
// while the node was measured.
type ReadFigure struct {
	Node, Ceiling float64
	NodeP99       time.Duration
	PeakHeap      uint64
}

// Ratio is the node's rate as a fraction of the ceiling's.
func (f ReadFigure) Ratio() float64 { return f.Node / f.Ceiling }

// CompareReads serves recs from a Ceiling and measures, in rounds
// alternating node and ceiling, conc keep-alive clients reading recs' paths
// for d each, from the node at base as the bearer of token (the public when
// empty) and from the ceiling with the same paths.
func CompareReads(ctx context.Context, base, token string, recs []Recorded, conc int, d time.Duration, rounds int) (ReadFigure, error) {
	c, err := StartCeiling(recs)
	if err != nil {
		return ReadFigure{}, err
	}
	defer c.Close()
	var f ReadFigure
	for range rounds {
		h := StartHeapPeak()
		rate, _, p99, err := APIReads(ctx, base, token, conc, d, PathsOf(recs))
		peak := h.Stop()
		if err != nil {
			return f, fmt.Errorf("bench: node reads: %w", err)
		}
		if rate > f.Node {
			f.Node, f.NodeP99 = rate, p99
		}
		f.PeakHeap = max(f.PeakHeap, peak)
		crate, _, _, err := APIReads(ctx, c.URL, "", conc, d, PathsOf(recs))
		if err != nil {
			return f, fmt.Errorf("bench: ceiling reads: %w", err)
		}
		f.Ceiling = max(f.Ceiling, crate)
	}
	return f, nil
}

// IncidentReadPaths returns pages paths of pages of 100 incidents
// (IncidentPagePath, seeded) and the paths of up to ids single incidents
// taken from those pages as the bearer of token sees them.
func IncidentReadPaths(ctx context.Context, base, token string, pages, ids int, seed uint64) (pagePaths, idPaths []string, err error) {
	r := rand.New(rand.NewPCG(seed, seed))
	for range pages {
		pagePaths = append(pagePaths, IncidentPagePath(r))
	}
	recs, err := Record(ctx, base, token, pagePaths)
	if err != nil {
		return nil, nil, err
	}
	for _, rec := range recs {
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal(rec.Body, &page); err != nil {
			return nil, nil, fmt.Errorf("bench: page %s: %w", rec.Path, err)
		}
		for _, it := range page.Items {
			if len(idPaths) < ids {
				idPaths = append(idPaths, "/api/v1/incidents/"+it.ID)
			}
		}
	}
	return pagePaths, idPaths, nil
}
