package cli

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/store"
)

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "serve", "[flags]", `
Runs a node from its data directory (made by 'truce init'). Checks the log
against its latest signed checkpoint before serving, and refuses to start if
they disagree. Stops gracefully on SIGINT or SIGTERM: every acknowledged write
is already durable, in-flight requests finish, a last checkpoint is signed.`)
	cfg := config.ServerFlags(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err)
	}
	log := newLogger(env.Stderr, cfg.LogLevel, cfg.LogFormat)
	return serve(ctx, env, cfg, log, app.Options{Logger: log, Federate: true}, nil)
}

// serve opens the node in cfg.Data and serves it until ctx ends. ready, if
// set, is called with the app and the address once it listens and before it
// answers requests (they wait in the listen queue), so that the demo's data
// is complete before anyone sees it.
func serve(ctx context.Context, env *Env, cfg *config.Server, log *slog.Logger, opts app.Options, ready func(*app.App, string) error) error {
	// On PostgreSQL the database serialises writers, so several processes
	// may serve one node (each with the node's key in its --data).
	if !store.IsPostgresDSN(cfg.DB) {
		unlock, err := app.LockDataDir(cfg.Data)
		if err != nil {
			return err
		}
		defer unlock()
	}
	a, err := app.Open(ctx, cfg, opts)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another node running there? choose another with --addr)", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		tc, err := tlsConfig(cfg)
		if err != nil {
			return err
		}
		srv.TLSConfig = tc
		scheme = "https"
	}
	url := fmt.Sprintf("%s://%s", scheme, ln.Addr())
	log.Info("serving", "url", url, "origin", a.Keys.Origin(), "entries", a.Hashes.Size())
	if ready != nil {
		if err := ready(a, url); err != nil {
			ln.Close()
			return err
		}
	}
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- srv.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("shutdown", "err", err)
	}
	return nil
}

// tlsConfig returns TLS 1.3 settings, asking for (and verifying, when
// given) client certificates if a client CA is configured.
func tlsConfig(cfg *config.Server) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS13}
	if cfg.ClientCA != "" {
		pem, err := os.ReadFile(cfg.ClientCA)
		if err != nil {
			return nil, fmt.Errorf("--client-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--client-ca %s holds no PEM certificate", cfg.ClientCA)
		}
		tc.ClientCAs = pool
		tc.ClientAuth = tls.VerifyClientCertIfGiven
	}
	return tc, nil
}
