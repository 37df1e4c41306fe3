package cli

import "context"

func runVerify(ctx context.Context, env *Env, args []string) error  { return usagef("todo") }
func runProof(ctx context.Context, env *Env, args []string) error   { return usagef("todo") }
func runWitness(ctx context.Context, env *Env, args []string) error { return usagef("todo") }
func runBackup(ctx context.Context, env *Env, args []string) error  { return usagef("todo") }
func runRestore(ctx context.Context, env *Env, args []string) error { return usagef("todo") }
func runBench(ctx context.Context, env *Env, args []string) error   { return usagef("todo") }
