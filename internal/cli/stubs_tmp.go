package cli

import "context"

func runBackup(ctx context.Context, env *Env, args []string) error  { return usagef("todo") }
func runRestore(ctx context.Context, env *Env, args []string) error { return usagef("todo") }
func runBench(ctx context.Context, env *Env, args []string) error   { return usagef("todo") }
