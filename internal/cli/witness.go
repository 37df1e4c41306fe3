package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"truce/internal/witness"
)

func runWitness(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "witness", "--name NAME --log ORIGIN=KEY [flags]", `
Runs a C2SP tlog-witness (https://c2sp.org/tlog-witness) for a party: it
cosigns a node's checkpoint only if it is consistent with the last one it
cosigned for that log, and refuses, loudly, anything else (a fork, a
rollback, a bad proof or signature). Its state and key live in --data; the
key is generated on first start and its verifier key printed: give it to the
node (truce serve --witness URL=KEY) and to verifiers (--witness-key KEY).`)
	data := fs.String("data", "truce-witness", "data `directory` (state database and key)")
	name := fs.String("name", "", "the witness's `name`, URL-like, e.g. witness.ru.example")
	addr := fs.String("listen", "127.0.0.1:7380", "listen `address` host:port")
	var logs []witness.Log
	fs.Func("log", "a log to witness, `ORIGIN=KEY` with the log's note verifier key (repeatable)", func(s string) error {
		l, err := witness.ParseLogSpec(s)
		if err != nil {
			return err
		}
		logs = append(logs, l)
		return nil
	})
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *name == "" || len(logs) == 0 {
		return usagef("--name and at least one --log are required")
	}
	log := newLogger(env.Stderr, *logLevel, "text")
	w, url, stop, err := startWitness(ctx, *data, *name, *addr, logs, log)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(env.Stdout, "Witness %s listening on %s\nVerifier key: %s\n", *name, url, w.VerifierKey())
	<-ctx.Done()
	return nil
}

// startWitness opens a witness in dir and serves it on addr.
func startWitness(ctx context.Context, dir, name, addr string, logs []witness.Log, log *slog.Logger) (*witness.Witness, string, func(), error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", nil, err
	}
	cosigner, created, err := witness.LoadOrCreateKey(filepath.Join(dir, "witness.key"), name)
	if err != nil {
		return nil, "", nil, err
	}
	if created {
		log.Info("created witness key", "name", name, "vkey", cosigner.VerifierKey())
	}
	w, err := witness.Open(ctx, filepath.Join(dir, "witness.db"), witness.Config{Cosigner: cosigner, Logs: logs, Logger: log.With("witness", name)})
	if err != nil {
		return nil, "", nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		w.Close()
		return nil, "", nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: w, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Info("witness server stopped", "err", err)
		}
	}()
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		w.Close()
	}
	return w, "http://" + ln.Addr().String(), stop, nil
}
