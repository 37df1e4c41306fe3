package pdf

import (
	"slices"
	"strconv"
	"strings"

	"truce/internal/report/doc"
)

// originLabel returns the short name a reference prints for an origin: the part after its last
// '/' ("truce.un.example/un" → "un"), or the origin itself when it has none.
func originLabel(origin string) string {
	if i := strings.LastIndexByte(origin, '/'); i >= 0 && i+1 < len(origin) {
		return origin[i+1:]
	}
	if origin == "" {
		return "log"
	}
	return origin
}

// compactRefs prints log references compactly: grouped by origin in the order origins first
// appear, each group's indexes ascending without duplicates, consecutive indexes as a range:
// "un#1204–1206,1300 us#17". Every index stays readable, so each one can be checked.
func compactRefs(refs []doc.Ref) string {
	if len(refs) == 0 {
		return ""
	}
	var order []string
	byOrigin := map[string][]uint64{}
	for _, ref := range refs {
		if _, ok := byOrigin[ref.Origin]; !ok {
			order = append(order, ref.Origin)
		}
		byOrigin[ref.Origin] = append(byOrigin[ref.Origin], ref.Index)
	}
	var b strings.Builder
	for i, o := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		idx := byOrigin[o]
		slices.Sort(idx)
		idx = slices.Compact(idx)
		b.WriteString(originLabel(o))
		b.WriteByte('#')
		for j := 0; j < len(idx); {
			k := j
			for k+1 < len(idx) && idx[k+1] == idx[k]+1 {
				k++
			}
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatUint(idx[j], 10))
			if k > j {
				b.WriteString("–")
				b.WriteString(strconv.FormatUint(idx[k], 10))
			}
			j = k + 1
		}
	}
	return b.String()
}
