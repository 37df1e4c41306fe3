package sitrep

import (
	"context"
	"encoding/hex"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/joint"
	"truce/internal/report/doc"
)

// mirroredLogs returns the mirrored logs of a federated node
// (Deps.MirroredLogs), nil on a node without them.
func (b *Builder) mirroredLogs(ctx context.Context) ([]joint.Log, error) {
	if b.deps.MirroredLogs == nil {
		return nil, nil
	}
	ls, err := b.deps.MirroredLogs(ctx)
	if err != nil {
		return nil, fmt.Errorf("sitrep: mirrored logs: %w", err)
	}
	return ls, nil
}

// computedFrom returns the logs a report was computed from, as the joint
// findings state them: the node's own tree first, then each mirrored log
// within its accepted checkpoint. It is nil when there is no mirrored
// log (a hosted node's report states its tree in Report.Tree alone).
func computedFrom(origin string, tree tlog.Tree, mirrored []joint.Log) []joint.Log {
	if len(mirrored) == 0 {
		return nil
	}
	out := []joint.Log{{Origin: origin, TreeSize: tree.N, RootHash: hex.EncodeToString(tree.Hash[:])}}
	return append(out, mirrored...)
}

// mirroredMeta returns the document's fields that state each mirrored
// log's checkpoint, after the node's own (meta.checkpoint).
func (w *writer) mirroredMeta(mirrored []joint.Log) []doc.Field {
	var out []doc.Field
	for _, l := range mirrored {
		out = append(out, doc.Field{Label: pubText(w.t, "meta.mirrored"),
			Value: pubFormat(w.t, "meta.mirrored.v", l.Origin, l.TreeSize, l.RootHash)})
	}
	return out
}
