package geo

import (
	"strconv"

	"github.com/paulmach/orb"
)

// checkSpan rejects a bounding box wider or taller than lim allows.
func checkSpan(b orb.Bound, lim Limits) error {
	if w := b.Max[0] - b.Min[0]; w > lim.MaxSpanDeg {
		return &ValidationError{Code: CodeSpan, Path: "/coordinates", Polygon: -1, Ring: -1, Vertex: -1,
			Reason: "geometry spans " + strconv.FormatFloat(w, 'g', 6, 64) + "° of longitude; at most " +
				strconv.FormatFloat(lim.MaxSpanDeg, 'g', -1, 64) + "° is allowed"}
	}
	if h := b.Max[1] - b.Min[1]; h > lim.MaxSpanDeg {
		return &ValidationError{Code: CodeSpan, Path: "/coordinates", Polygon: -1, Ring: -1, Vertex: -1,
			Reason: "geometry spans " + strconv.FormatFloat(h, 'g', 6, 64) + "° of latitude; at most " +
				strconv.FormatFloat(lim.MaxSpanDeg, 'g', -1, 64) + "° is allowed"}
	}
	return nil
}
