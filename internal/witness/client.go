package witness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// DefaultTimeout bounds one [Client.AddCheckpoint] call, retry included.
const DefaultTimeout = 10 * time.Second

// maxResponseBytes bounds a witness response body.
const maxResponseBytes = 64 << 10

// ProofFunc returns an RFC 6962 consistency proof from the tree of oldSize
// leaves to the tree of the checkpoint being pushed. oldSize is at least 1
// and smaller than that checkpoint's size.
type ProofFunc func(ctx context.Context, oldSize int64) (tlog.TreeProof, error)

// ClientConfig configures a [Client].
type ClientConfig struct {
	// URL is the witness's submission prefix; requests go to
	// URL + "/add-checkpoint".
	URL string
	// WitnessKey is the witness's cosignature vkey (algorithm 0x04), as
	// printed by `truce witness` or litewitness.
	WitnessKey string
	// HTTPClient is used for requests; nil means a new client.
	HTTPClient *http.Client
	// Timeout bounds each AddCheckpoint call; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Client pushes a log's checkpoints to one witness. It is safe for
// concurrent use; it keeps no state between calls.
type Client struct {
	url      string
	verifier *CosignatureVerifier
	hc       *http.Client
	timeout  time.Duration
}

// NewClient returns a client for the witness in cfg. It returns an error if
// the URL is empty or the witness key does not parse.
func NewClient(cfg ClientConfig) (*Client, error) {
	if cfg.URL == "" {
		return nil, errors.New("witness: client: empty URL")
	}
	v, err := ParseCosignatureVerifier(cfg.WitnessKey)
	if err != nil {
		return nil, fmt.Errorf("witness: client %s: %w", cfg.URL, err)
	}
	c := &Client{url: strings.TrimSuffix(cfg.URL, "/"), verifier: v, hc: cfg.HTTPClient, timeout: cfg.Timeout}
	if c.hc == nil {
		c.hc = &http.Client{}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	return c, nil
}

// Verifier returns the witness key the client checks cosignatures with.
func (c *Client) Verifier() *CosignatureVerifier { return c.verifier }

// AddCheckpoint pushes signedCheckpoint (a log's signed checkpoint note) to
// the witness and returns the witness's cosignature, verified with the
// configured witness key over the checkpoint. oldSize is the size the caller
// believes the witness last cosigned for this log (0 if unknown); prove is
// called for the consistency proof from oldSize (unless oldSize is 0 or the
// checkpoint's size) and, if the witness answers 409 Conflict with its size,
// once more for a proof from that size before the one retry.
//
// Errors wrap ErrMalformed, ErrUnverified, ErrUnknownLog or ErrInconsistent
// for the witness's 400, 403, 404 and 422 answers, ErrBadCosignature for a
// 200 answer without a valid cosignature from the witness key; a
// *ConflictError if the witness still disagrees about the old size after
// the retry (or has cosigned a larger tree than the checkpoint); a
// *StatusError for other statuses; and transport or context errors,
// including the timeout.
func (c *Client) AddCheckpoint(ctx context.Context, signedCheckpoint []byte, oldSize int64, prove ProofFunc) (Cosignature, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	text, _, err := splitNote(signedCheckpoint)
	if err != nil {
		return Cosignature{}, fmt.Errorf("witness: add-checkpoint to %s: %w", c.url, err)
	}
	cp, err := ParseCheckpointBody(string(text))
	if err != nil {
		return Cosignature{}, fmt.Errorf("witness: add-checkpoint to %s: %w", c.url, err)
	}
	if oldSize < 0 || oldSize > cp.Size {
		return Cosignature{}, fmt.Errorf("witness: add-checkpoint to %s: old size %d outside [0, %d]", c.url, oldSize, cp.Size)
	}
	for attempt := 0; ; attempt++ {
		var proof tlog.TreeProof
		if oldSize > 0 && oldSize < cp.Size {
			if prove == nil {
				return Cosignature{}, fmt.Errorf("witness: add-checkpoint to %s: no proof function for old size %d", c.url, oldSize)
			}
			if proof, err = prove(ctx, oldSize); err != nil {
				return Cosignature{}, fmt.Errorf("witness: add-checkpoint to %s: proof from %d to %d: %w", c.url, oldSize, cp.Size, err)
			}
			if len(proof) > MaxProofLines {
				return Cosignature{}, fmt.Errorf("witness: add-checkpoint to %s: proof from %d to %d has %d hashes, more than the protocol's %d", c.url, oldSize, cp.Size, len(proof), MaxProofLines)
			}
		}
		sigs, err := c.post(ctx, FormatAddCheckpoint(oldSize, proof, signedCheckpoint))
		var conflict *ConflictError
		if errors.As(err, &conflict) && attempt == 0 && conflict.WitnessSize <= cp.Size {
			oldSize = conflict.WitnessSize
			continue
		}
		if err != nil {
			return Cosignature{}, fmt.Errorf("witness: add-checkpoint %s@%d to %s: %w", cp.Origin, cp.Size, c.url, err)
		}
		cs, err := c.verifyResponse(text, sigs)
		if err != nil {
			return Cosignature{}, fmt.Errorf("witness: add-checkpoint %s@%d to %s: %w", cp.Origin, cp.Size, c.url, err)
		}
		return cs, nil
	}
}

// post sends one add-checkpoint request and maps the response status to the
// package's errors.
func (c *Client) post(ctx context.Context, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/add-checkpoint", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, fmt.Errorf("reading response: %w", err)
	}
	msg := strings.TrimSpace(string(rb[:min(len(rb), 200)]))
	switch resp.StatusCode {
	case http.StatusOK:
		return rb, nil
	case http.StatusConflict:
		size, err := parseSize(strings.TrimSuffix(string(rb), "\n"))
		if err != nil || !strings.HasSuffix(string(rb), "\n") {
			return nil, fmt.Errorf("409 response body %q is not a tree size", msg)
		}
		return nil, &ConflictError{WitnessSize: size}
	case http.StatusBadRequest:
		return nil, fmt.Errorf("%w: %s", ErrMalformed, msg)
	case http.StatusForbidden:
		return nil, fmt.Errorf("%w: %s", ErrUnverified, msg)
	case http.StatusNotFound:
		return nil, fmt.Errorf("%w: %s", ErrUnknownLog, msg)
	case http.StatusUnprocessableEntity:
		return nil, fmt.Errorf("%w: %s", ErrInconsistent, msg)
	default:
		return nil, &StatusError{StatusCode: resp.StatusCode, Body: msg}
	}
}

// verifyResponse finds the signature line from the configured witness key
// among the response's lines and verifies it over the checkpoint text.
// Lines from other keys are ignored, as the protocol requires.
func (c *Client) verifyResponse(text, body []byte) (Cosignature, error) {
	if len(body) == 0 || body[len(body)-1] != '\n' {
		return Cosignature{}, fmt.Errorf("%w: response is not newline-terminated signature lines", ErrBadCosignature)
	}
	msg := append(append(append([]byte(nil), text...), '\n'), body...)
	n, err := note.Open(msg, note.VerifierList(c.verifier))
	if err != nil {
		return Cosignature{}, fmt.Errorf("%w: %v", ErrBadCosignature, err)
	}
	cs, err := cosignatureFrom(n.Sigs[0])
	if err != nil {
		return Cosignature{}, fmt.Errorf("%w: %v", ErrBadCosignature, err)
	}
	return cs, nil
}
