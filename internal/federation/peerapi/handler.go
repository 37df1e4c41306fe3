package peerapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

// MaxRange is the most entries a commitments or entries request covers.
const MaxRange = mirror.MaxRange

// Tree is the node's published tree (*ledger.HashStore).
type Tree interface {
	// Size returns the number of published leaves.
	Size() int64
	// Commitments returns the commitments of [start, start+n).
	Commitments(start, n int64) ([]tlog.Hash, error)
}

// Entries reads the node's own log (*store.DB).
type Entries interface {
	// EntryRange calls fn with each entry of [start, end) in order, with
	// its canonical bytes, and returns fn's first error.
	EntryRange(ctx context.Context, start, end int64, fn func(e *ledger.Entry, canonical []byte) error) error
}

// Gossip lists the checkpoints the node's mirrors accepted (mirror.Store).
type Gossip interface {
	AcceptedCheckpoints(ctx context.Context) ([][]byte, error)
}

// EvidenceReader reads kept evidence (mirror.Store); Evidence returns an
// error wrapping fault.ErrNotFound for an unknown id.
type EvidenceReader interface {
	Evidence(ctx context.Context, id string) (*mirror.Evidence, error)
}

// Config is what the handler serves from. Every field is required except
// Hosted and Logger.
type Config struct {
	// Checkpoint returns the node's latest signed checkpoint note with its
	// cosignatures, or nil if none is signed yet.
	Checkpoint func(ctx context.Context) ([]byte, error)
	Tree       Tree
	Entries    Entries
	Gossip     Gossip
	Evidence   EvidenceReader
	// AddCheckpoint serves POST add-checkpoint (the node's witness).
	AddCheckpoint http.Handler
	// Peer returns the calling member's party (from its pinned client
	// certificate), ok false if the caller is no member.
	Peer func(*http.Request) (party string, ok bool)
	// Hosted returns the parties hosted on member party's node (the
	// roster in force's Hosts(party)). GET entries serves a node the
	// entries releasable to any party it serves: its own and those it
	// hosts, whose users read on it. Nil serves the calling party alone.
	Hosted func(party string) []string
	// Fault, when not nil, changes what the peers are shown (NewFault:
	// a test build only).
	Fault  Fault
	Logger *slog.Logger
}

// Handler serves the peer API. It is immutable and safe for concurrent use.
type Handler struct {
	cfg   Config
	mux   *http.ServeMux
	inner http.Handler // mux, or the fault in front of it
	log   *slog.Logger
}

// New returns the handler; it returns an error if a field of cfg is
// missing.
func New(cfg Config) (*Handler, error) {
	if cfg.Checkpoint == nil || cfg.Tree == nil || cfg.Entries == nil || cfg.Gossip == nil || cfg.Evidence == nil || cfg.AddCheckpoint == nil || cfg.Peer == nil {
		return nil, errors.New("peerapi: config needs Checkpoint, Tree, Entries, Gossip, Evidence, AddCheckpoint and Peer")
	}
	h := &Handler{cfg: cfg, mux: http.NewServeMux(), log: cfg.Logger}
	if h.log == nil {
		h.log = slog.Default()
	}
	h.mux.HandleFunc("GET /federation/v1/checkpoint", h.checkpoint)
	h.mux.HandleFunc("GET /federation/v1/commitments", h.commitments)
	h.mux.HandleFunc("GET /federation/v1/entries", h.entries)
	h.mux.HandleFunc("GET /federation/v1/checkpoints", h.checkpoints)
	h.mux.HandleFunc("GET /federation/v1/evidence/{id}", h.evidence)
	h.mux.Handle("POST /federation/v1/add-checkpoint", cfg.AddCheckpoint)
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, "not-found", "no such federation resource")
	})
	h.inner = h.mux
	if cfg.Fault != nil {
		h.inner = cfg.Fault.wrap(h.mux)
	}
	return h, nil
}

// ServeHTTP answers only members: a caller the Peer function does not
// recognise gets 403 and nothing else but the problem type pages
// (ProblemPath).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, ProblemPath) {
		serveProblemType(w, r) // what a problem's type means: for anyone who got one
		return
	}
	party, ok := h.cfg.Peer(r)
	if !ok || party == "" {
		writeProblem(w, r, "forbidden", "the caller is not a member of the federation")
		return
	}
	h.inner.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), partyKey{}, party)))
}

type partyKey struct{}

// caller returns the calling member's party, set by ServeHTTP.
func caller(r *http.Request) string {
	p, _ := r.Context().Value(partyKey{}).(string)
	return p
}

// served returns the parties the calling node serves: the caller's party
// and the parties Config.Hosted says its node hosts.
func (h *Handler) served(r *http.Request) []string {
	party := caller(r)
	if h.cfg.Hosted == nil {
		return []string{party}
	}
	return append([]string{party}, h.cfg.Hosted(party)...)
}

// internal logs err and answers 500 without detail.
func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	h.log.ErrorContext(r.Context(), "peer request failed", "path", r.URL.Path, "peer", caller(r), "err", err)
	writeProblem(w, r, "internal", "the node could not answer; try again later")
}

// Latest is what LatestNote reads: *ledger.Checkpointer.
type Latest interface {
	Latest() *ledger.SignedCheckpoint
}

// LatestNote returns a Config.Checkpoint that serves c's latest published
// checkpoint with its cosignatures (nil before the first).
func LatestNote(c Latest) func(context.Context) ([]byte, error) {
	return func(context.Context) ([]byte, error) {
		sc := c.Latest()
		if sc == nil {
			return nil, nil
		}
		return sc.Note(), nil
	}
}
