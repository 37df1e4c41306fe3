//go:build trucefault

package peerapi

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// DefaultBackdate is how far the backdate fault moves entry times back
// when it names no duration.
const DefaultBackdate = time.Hour

// EntryClock returns the clock a node dates its log entries by: now
// (time.Now if nil), or in a test build told to backdate (FaultEnv
// backdate[:DURATION]) now minus DURATION, so that every entry the node
// signs from its start on bears a time earlier than when it was appended.
// It returns an error if the backdate duration does not parse or is not
// positive.
func EntryClock(getenv func(string) string, now func() time.Time, log *slog.Logger) (func() time.Time, error) {
	spec := ""
	if getenv != nil {
		spec = strings.TrimSpace(getenv(FaultEnv))
	}
	mode, arg, _ := strings.Cut(spec, ":")
	if mode != "backdate" {
		return now, nil
	}
	by := DefaultBackdate
	if arg != "" {
		d, err := time.ParseDuration(arg)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("peerapi: %s=%q: want backdate[:DURATION], a positive duration", FaultEnv, spec)
		}
		by = d
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	log.Warn("THIS NODE BACKDATES ITS ENTRIES ON PURPOSE (test build)", "fault", spec, "by", by)
	return func() time.Time { return now().Add(-by) }, nil
}
