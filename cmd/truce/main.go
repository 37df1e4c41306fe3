// Command truce runs and administers a node of a joint ceasefire-monitoring
// and deconfliction centre. Run 'truce --help' for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"truce/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.OSEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}
