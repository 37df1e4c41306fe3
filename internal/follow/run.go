package follow

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Run tails the log until ctx ends: it catches up whenever another process
// commits (PostgreSQL LISTEN/NOTIFY on a dedicated connection) and at least
// every poll interval (default 1s), so that a lost notification or a broken
// listening connection only delays catching up. It returns when ctx ends or
// the log diverges from the tree.
func (f *Follower) Run(ctx context.Context, poll time.Duration) {
	if poll <= 0 {
		poll = time.Second
	}
	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	var retry time.Time
	for ctx.Err() == nil {
		if conn == nil && time.Now().After(retry) {
			c, err := f.listen(ctx)
			if err != nil && ctx.Err() != nil {
				return
			}
			if err != nil {
				f.log.WarnContext(ctx, "not listening for other processes' commits; polling", "err", err)
				retry = time.Now().Add(5 * time.Second)
			} else {
				conn = c
			}
		}
		if _, err := f.CatchUp(ctx); err != nil {
			if f.isBroken() || ctx.Err() != nil {
				return
			}
			f.log.WarnContext(ctx, "catching up with the log", "err", err)
		}
		wctx, cancel := context.WithTimeout(ctx, poll)
		if conn != nil {
			if _, err := conn.WaitForNotification(wctx); err != nil && wctx.Err() == nil {
				f.log.WarnContext(ctx, "listening for commits", "err", err)
				conn.Close(context.Background())
				conn = nil
			}
		} else {
			<-wctx.Done()
		}
		cancel()
	}
}

// listen opens the connection on which other processes' commits arrive.
func (f *Follower) listen(ctx context.Context) (*pgx.Conn, error) {
	return f.db.ListenCommits(ctx)
}

// isBroken reports whether f has stopped on a divergence.
func (f *Follower) isBroken() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.broken != nil
}
