package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"truce/internal/access"
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

// ReadReleasabilities are the releasabilities of the incidents the read
// figures are measured on: half AMBER for un (audited when un reads them),
// half CLEAR (what the public sees).
var ReadReleasabilities = []access.Releasability{{TLP: access.TLPAmber, Audience: []string{"un"}}, {TLP: access.TLPClear}}

// IncidentReadFigures measures, on a node at base holding incidents filled
// with ReadReleasabilities, one record and a page of 100 as the bearer of
// token (un's, audited) and as the public, each against a Ceiling serving
// the same bytes (CompareReads, conc clients, 2 rounds of d), and returns
// them as results with the targets of the design.
func IncidentReadFigures(ctx context.Context, base, token string, conc int, d time.Duration, say Progress) ([]Result, error) {
	var out []Result
	for _, caller := range []struct{ name, token string }{{"audited", token}, {"public", ""}} {
		pages, ids, err := IncidentReadPaths(ctx, base, caller.token, 200, 2000, 7)
		if err != nil {
			return nil, err
		}
		for _, read := range []struct {
			name, target string
			paths        []string
		}{{"GET /api/v1/incidents/{id}", "≥ 0.50", ids}, {"GET /api/v1/incidents?limit=100", "≥ 0.25", pages}} {
			recs, err := Record(ctx, base, caller.token, read.paths)
			if err != nil {
				return nil, err
			}
			f, err := CompareReads(ctx, base, caller.token, recs, conc, d, 2)
			if err != nil {
				return nil, err
			}
			say("api reads: %s, %s: node %.0f req/s, ceiling %.0f req/s", caller.name, read.name, f.Node, f.Ceiling)
			out = append(out, Result{Name: fmt.Sprintf("%s, %s: node / ceiling", read.name, caller.name), Value: f.Ratio(), Unit: "ratio",
				Target: read.target, Baseline: fmt.Sprintf("%.0f vs %.0f req/s, p99 %.1f ms, peak heap %.0f MiB",
					f.Node, f.Ceiling, float64(f.NodeP99.Microseconds())/1000, float64(f.PeakHeap)/(1<<20))})
		}
	}
	return out, nil
}
