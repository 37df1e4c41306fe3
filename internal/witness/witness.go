package witness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// DefaultMaxRequestBytes bounds an add-checkpoint request body.
const DefaultMaxRequestBytes = 64 << 10

// Log is a log a witness witnesses: its origin line and the note vkeys it
// signs checkpoints with (Ed25519, algorithm 0x01).
type Log struct {
	Origin string
	Keys   []string
}

// ParseLogSpec parses "ORIGIN=VKEY", the form of the --log flag of
// `truce witness`. It returns an error if either part is missing or the key
// does not parse as a note vkey.
func ParseLogSpec(s string) (Log, error) {
	origin, vkey, ok := strings.Cut(s, "=")
	if !ok || origin == "" || vkey == "" {
		return Log{}, fmt.Errorf("witness: log %q: want ORIGIN=VERIFIERKEY", s)
	}
	if _, err := ParseNoteVerifier(vkey); err != nil {
		return Log{}, err
	}
	return Log{Origin: origin, Keys: []string{vkey}}, nil
}

// Config configures a [Witness].
type Config struct {
	// Cosigner is the witness's signing key (required).
	Cosigner *Cosigner
	// Logs are the logs to witness. Entries with the same origin are merged.
	// A log recorded by an earlier run but absent here is not witnessed
	// (requests get 404), but its state is kept, so that configuring it
	// again resumes from its last cosigned checkpoint.
	Logs []Log
	// Logger receives the witness's logs; nil means slog.Default().
	Logger *slog.Logger
	// MaxRequestBytes bounds request bodies; 0 means DefaultMaxRequestBytes.
	MaxRequestBytes int64
}

// Witness is a C2SP tlog-witness server. It is an http.Handler serving
// POST /add-checkpoint and a plain-text status page at GET /. It is safe for
// concurrent use.
type Witness struct {
	cosigner *Cosigner
	logs     map[string]note.Verifiers
	origins  []string
	store    *store
	log      *slog.Logger
	maxBytes int64
	mux      *http.ServeMux
	now      func() time.Time

	// beforeCommit, if set, runs inside the state transaction after the
	// checks passed; tests use it to widen race windows.
	beforeCommit func()
}

// Open opens (creating if needed) the witness state in the SQLite file at
// path and records cfg.Logs in it. It returns an error if cfg has no
// cosigner, a log has no origin or no keys, a key does not parse, or the
// database cannot be opened. Close the Witness when done.
func Open(ctx context.Context, path string, cfg Config) (*Witness, error) {
	if cfg.Cosigner == nil {
		return nil, errors.New("witness: open: no cosigner key")
	}
	w := &Witness{
		cosigner: cfg.Cosigner,
		logs:     make(map[string]note.Verifiers),
		log:      cfg.Logger,
		maxBytes: cfg.MaxRequestBytes,
		now:      time.Now,
	}
	if w.log == nil {
		w.log = slog.Default()
	}
	if w.maxBytes <= 0 {
		w.maxBytes = DefaultMaxRequestBytes
	}
	merged, err := mergeLogs(cfg.Logs)
	if err != nil {
		return nil, err
	}
	for _, l := range merged {
		var vs []note.Verifier
		for _, k := range l.Keys {
			v, err := ParseNoteVerifier(k)
			if err != nil {
				return nil, fmt.Errorf("witness: open: log %s: %w", l.Origin, err)
			}
			vs = append(vs, v)
		}
		w.logs[l.Origin] = note.VerifierList(dedupeVerifiers(vs)...)
		w.origins = append(w.origins, l.Origin)
	}
	w.store, err = openStore(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := w.store.syncLogs(ctx, merged, w.now()); err != nil {
		w.store.close()
		return nil, err
	}
	w.mux = http.NewServeMux()
	w.mux.HandleFunc("POST /add-checkpoint", w.serveAddCheckpoint)
	w.mux.HandleFunc("GET /{$}", w.serveStatus)
	return w, nil
}

// mergeLogs merges logs with the same origin, keeping first-seen order and
// dropping repeated keys.
func mergeLogs(logs []Log) ([]Log, error) {
	var out []Log
	idx := make(map[string]int)
	for _, l := range logs {
		if l.Origin == "" || strings.Contains(l.Origin, "\n") {
			return nil, fmt.Errorf("witness: invalid log origin %q", l.Origin)
		}
		if len(l.Keys) == 0 {
			return nil, fmt.Errorf("witness: log %s has no keys", l.Origin)
		}
		i, ok := idx[l.Origin]
		if !ok {
			i = len(out)
			idx[l.Origin] = i
			out = append(out, Log{Origin: l.Origin})
		}
		for _, k := range l.Keys {
			if !contains(out[i].Keys, k) {
				out[i].Keys = append(out[i].Keys, k)
			}
		}
	}
	return out, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Close closes the database. The handler must not be used afterwards.
func (w *Witness) Close() error {
	if err := w.store.close(); err != nil {
		return fmt.Errorf("witness: close: %w", err)
	}
	return nil
}

// ServeHTTP implements http.Handler.
func (w *Witness) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w.mux.ServeHTTP(rw, r)
}

// VerifierKey returns the witness's public cosignature vkey.
func (w *Witness) VerifierKey() string { return w.cosigner.VerifierKey() }

// State returns the recorded state of origin, or an error wrapping
// ErrUnknownLog if the witness has never been configured with it.
func (w *Witness) State(ctx context.Context, origin string) (LogState, error) {
	return w.store.state(ctx, origin)
}

// States returns the recorded state of every log, configured or not, by
// origin.
func (w *Witness) States(ctx context.Context) ([]LogState, error) {
	return w.store.states(ctx)
}

// Rejections returns how many log-signed but inconsistent checkpoints the
// witness has recorded as evidence for origin.
func (w *Witness) Rejections(ctx context.Context, origin string) (int, error) {
	return w.store.rejectionCount(ctx, origin)
}

// serveStatus writes a plain-text page with the witness's key and each
// log's latest cosigned size and root.
func (w *Witness) serveStatus(rw http.ResponseWriter, r *http.Request) {
	states, err := w.store.states(r.Context())
	if err != nil {
		w.log.ErrorContext(r.Context(), "witness: status page", "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, "truce witness %s\n%s\n\n", w.cosigner.Name(), w.cosigner.VerifierKey())
	for _, st := range states {
		status := "witnessed"
		if _, ok := w.logs[st.Origin]; !ok {
			status = "not configured"
		}
		fmt.Fprintf(&b, "%s\n  size %d\n  root %s\n  updated %s\n  %s\n\n",
			st.Origin, st.Size, st.Root, st.UpdatedAt.Format(time.RFC3339), status)
	}
	io.WriteString(rw, b.String())
}
