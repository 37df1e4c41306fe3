package witness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// serveAddCheckpoint serves POST /add-checkpoint per C2SP tlog-witness.
func (w *Witness) serveAddCheckpoint(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, w.maxBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(rw, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(rw, "reading request body failed", http.StatusBadRequest)
		return
	}
	sigs, err := w.AddCheckpoint(ctx, body)
	var conflict *ConflictError
	switch {
	case err == nil:
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.Write(sigs)
	case errors.As(err, &conflict):
		rw.Header().Set("Content-Type", "text/x.tlog.size")
		rw.WriteHeader(http.StatusConflict)
		fmt.Fprintf(rw, "%d\n", conflict.WitnessSize)
	case errors.Is(err, ErrMalformed):
		http.Error(rw, err.Error(), http.StatusBadRequest)
	case errors.Is(err, ErrUnverified):
		http.Error(rw, err.Error(), http.StatusForbidden)
	case errors.Is(err, ErrUnknownLog):
		http.Error(rw, err.Error(), http.StatusNotFound)
	case errors.Is(err, ErrInconsistent):
		http.Error(rw, err.Error(), http.StatusUnprocessableEntity)
	default:
		w.log.ErrorContext(ctx, "witness: add-checkpoint failed", "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
	}
}

// AddCheckpoint processes an add-checkpoint request body as POST
// /add-checkpoint does and returns the response body: the witness's
// cosignature line. The new state is durably committed before it returns.
//
// Errors wrap ErrMalformed (400), ErrUnverified (403), ErrUnknownLog (404),
// ErrInconsistent (422), or are a *ConflictError (409) carrying the size the
// witness last cosigned; any other error is internal. Forks, proofs that do
// not verify and rollbacks are logged at error or warn level with the
// origin, sizes and roots, and log-signed inconsistent checkpoints are kept
// in the database as evidence.
func (w *Witness) AddCheckpoint(ctx context.Context, body []byte) ([]byte, error) {
	req, err := ParseAddCheckpoint(body)
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	origin, _, ok := bytes.Cut(req.Checkpoint, []byte("\n"))
	if !ok || len(origin) == 0 {
		return nil, fmt.Errorf("witness: %w: checkpoint has no origin line", ErrMalformed)
	}
	verifiers, ok := w.logs[string(origin)]
	if !ok {
		return nil, fmt.Errorf("witness: %w: %q", ErrUnknownLog, origin)
	}
	n, err := note.Open(req.Checkpoint, verifiers)
	if err != nil {
		var unverified *note.UnverifiedNoteError
		var invalid *note.InvalidSignatureError
		switch {
		case errors.As(err, &invalid):
			w.log.WarnContext(ctx, "witness: refusing checkpoint with an invalid signature from a trusted key",
				"origin", string(origin), "err", err)
			return nil, fmt.Errorf("witness: %w: %v", ErrUnverified, err)
		case errors.As(err, &unverified):
			w.log.InfoContext(ctx, "witness: refusing checkpoint without a trusted log signature",
				"origin", string(origin))
			return nil, fmt.Errorf("witness: %w: %v", ErrUnverified, err)
		}
		return nil, fmt.Errorf("witness: %w: signed note: %v", ErrMalformed, err)
	}
	cp, err := ParseCheckpointBody(n.Text)
	if err != nil {
		return nil, fmt.Errorf("witness: %w: %v", ErrMalformed, err)
	}
	if req.OldSize > cp.Size {
		return nil, fmt.Errorf("witness: %w: old size %d is larger than checkpoint size %d", ErrMalformed, req.OldSize, cp.Size)
	}
	attrs := []any{"origin", cp.Origin, "old_size", req.OldSize, "size", cp.Size, "root", cp.Root.String()}
	if cp.Size == 0 && cp.Root != emptyRoot {
		return nil, w.reject(ctx, cp.Origin, body, "size-zero checkpoint with a non-empty root", attrs)
	}
	if req.OldSize == 0 && len(req.Proof) != 0 {
		return nil, w.reject(ctx, cp.Origin, body, "non-empty consistency proof from size zero", attrs)
	}

	var rejection string
	var signed []byte // the witness's signature lines, the response
	err = w.store.update(ctx, cp.Origin, func(cur LogState) (LogState, error) {
		attrs = append(attrs, "known_size", cur.Size, "known_root", cur.Root.String())
		if req.OldSize != cur.Size {
			switch {
			case cp.Size == cur.Size && cp.Root != cur.Root:
				rejection = "fork: same size as the cosigned checkpoint, different root"
			case cp.Size < cur.Size:
				w.log.WarnContext(ctx, "witness: refusing rollback to a smaller tree than already cosigned", attrs...)
			default:
				w.log.InfoContext(ctx, "witness: old size does not match; answering 409", attrs...)
			}
			return LogState{}, &ConflictError{WitnessSize: cur.Size}
		}
		switch {
		case req.OldSize == cp.Size && cp.Root != cur.Root:
			rejection = "fork: same size as the cosigned checkpoint, different root"
		case req.OldSize == cp.Size && len(req.Proof) != 0:
			rejection = "non-empty consistency proof between equal sizes"
		case req.OldSize > 0 && req.OldSize < cp.Size:
			if err := tlog.CheckTree(req.Proof, cp.Size, cp.Root, req.OldSize, cur.Root); err != nil {
				rejection = "consistency proof does not verify"
			}
		}
		if rejection != "" {
			return LogState{}, ErrInconsistent
		}
		if w.beforeCommit != nil {
			w.beforeCommit()
		}
		s, err := note.Sign(&note.Note{Text: n.Text}, w.cosigner)
		if err != nil {
			return LogState{}, fmt.Errorf("witness: cosign %s: %w", cp.Origin, err)
		}
		_, sigs, err := splitNote(s)
		if err != nil {
			return LogState{}, fmt.Errorf("witness: cosigned note: %w", err)
		}
		cosigned := append(append([]byte(nil), req.Checkpoint...), sigs...)
		signed = sigs
		return LogState{Size: cp.Size, Root: cp.Root, Checkpoint: cosigned, UpdatedAt: w.now()}, nil
	})
	if rejection != "" {
		rerr := w.reject(ctx, cp.Origin, body, rejection, attrs)
		var conflict *ConflictError
		if errors.As(err, &conflict) {
			return nil, conflict // the protocol answers 409 before any consistency check
		}
		return nil, rerr
	}
	if err != nil {
		return nil, err
	}
	w.log.InfoContext(ctx, "witness: cosigned checkpoint", attrs...)
	return signed, nil
}

// reject logs a log-signed checkpoint that failed a consistency check at
// error level, stores the request as evidence, and returns an error
// wrapping ErrInconsistent.
func (w *Witness) reject(ctx context.Context, origin string, body []byte, reason string, attrs []any) error {
	w.log.ErrorContext(ctx, "witness: REFUSING INCONSISTENT CHECKPOINT: "+reason, attrs...)
	if err := w.store.recordRejection(ctx, origin, reason, body, w.now()); err != nil {
		w.log.ErrorContext(ctx, "witness: could not store evidence", "err", err)
	}
	return fmt.Errorf("witness: %w: %s", ErrInconsistent, reason)
}
