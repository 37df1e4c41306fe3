package mirror

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// maxBackoff caps the wait between failed rounds.
const maxBackoff = 5 * time.Minute

// Run syncs every interval until ctx is done, and at once after Kick.
// After a failed round it waits twice as long as after the previous one
// (with jitter, at most five minutes); while halted by evidence it waits
// for Clear (which kicks it). It returns when ctx is done.
func (m *Mirror) Run(ctx context.Context, interval time.Duration) {
	wait := interval
	for {
		err := m.Sync(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err == nil:
			wait = interval
		case errors.Is(err, ErrHalted):
			wait = maxBackoff
		default:
			m.log.WarnContext(ctx, "mirror round failed", "err", err)
			wait = min(2*wait, maxBackoff)
		}
		d := wait
		if err != nil && !errors.Is(err, ErrHalted) {
			d = wait/2 + rand.N(wait/2+1)
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-m.kick:
			t.Stop()
		case <-t.C:
		}
	}
}
