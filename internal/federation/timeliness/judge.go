package timeliness

import (
	"context"
	"time"
)

// EntryJudge decides whether a log entry was made on time by its own time
// and its witnesses' cosignatures (Judge): the receipts of notifications
// and the answers of cases are judged by one. The app builds it over the
// store's kept cosignature times.
type EntryJudge interface {
	// Judge returns the verdict on the log entry at seq (the node's
	// timeline position: an own entry or a mirrored one) bearing time t,
	// which had to be made by deadline.
	Judge(ctx context.Context, seq int64, t, deadline time.Time) (Verdict, error)
}
