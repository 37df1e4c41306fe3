package cli

import (
	"context"
	"log/slog"

	"truce/internal/app"
	"truce/internal/demo"
)

// replayFlag is the help of `truce demo --replay`.
const replayFlag = "move the demo's aircraft live: post position reports along its flight plans once a second (in process), so the map shows them flying and the conflict tick predicts their conflicts"

// startReplay runs the demo's track replay in the background until ctx
// ends (see demo.Replay).
func startReplay(ctx context.Context, a *app.App, log *slog.Logger) {
	go func() {
		if err := demo.Replay(ctx, a, log); err != nil && ctx.Err() == nil {
			log.Warn("demo replay stopped", "err", err)
		}
	}()
}
