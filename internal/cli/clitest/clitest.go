// Package clitest runs the truce command in a test's own process. It is
// for tests only.
package clitest

import (
	"context"
	"io"
	"strings"

	"truce/internal/cli"
)

// Main runs the truce command with args, with an empty standard input,
// no environment and stdout and stderr, until ctx ends, and returns its
// exit code. It is a demotest.Main.
func Main(ctx context.Context, stdout, stderr io.Writer, args []string) int {
	return cli.Main(ctx, &cli.Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(string) string { return "" }}, args)
}
