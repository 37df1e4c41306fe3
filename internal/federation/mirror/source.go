package mirror

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// MaxRange is the most entries one commitments or entries request covers,
// as the peer API allows.
const MaxRange = 1000

// Response size limits of the HTTP source.
const (
	maxCheckpointBytes = 64 << 10
	maxEntriesBytes    = 128 << 20
)

// Source is where a mirror reads a peer's log: the peer API
// (/federation/v1/) or a test double. Nothing it returns is trusted.
type Source interface {
	// Checkpoint returns the peer's latest checkpoint note with its
	// cosignatures.
	Checkpoint(ctx context.Context) ([]byte, error)
	// Commitments returns the commitments of entries [start, end), at most
	// MaxRange of them.
	Commitments(ctx context.Context, start, end int64) ([]tlog.Hash, error)
	// Entries returns the canonical bytes of the entries of [start, end)
	// that the peer releases to this node's party, in the order served.
	Entries(ctx context.Context, start, end int64) ([][]byte, error)
}

// HTTPSource reads the peer API over an *http.Client given by the caller
// (the mutual-TLS client pinned to the peer).
type HTTPSource struct {
	base   string
	client *http.Client
}

// NewHTTPSource returns a source reading the peer API under base (the
// peer's federation URL, e.g. "https://ru.example:8443"). It returns an
// error if base is not an absolute http(s) URL.
func NewHTTPSource(base string, client *http.Client) (*HTTPSource, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("mirror: peer URL %q is not an absolute https URL", base)
	}
	if client == nil {
		return nil, errors.New("mirror: no HTTP client for the peer")
	}
	return &HTTPSource{base: strings.TrimSuffix(base, "/") + "/federation/v1/", client: client}, nil
}

// Checkpoint implements Source.
func (s *HTTPSource) Checkpoint(ctx context.Context) ([]byte, error) {
	return s.get(ctx, "checkpoint", maxCheckpointBytes)
}

// Commitments implements Source.
func (s *HTTPSource) Commitments(ctx context.Context, start, end int64) ([]tlog.Hash, error) {
	body, err := s.get(ctx, rangePath("commitments", start, end), MaxRange*tlog.HashSize)
	if err != nil {
		return nil, err
	}
	return DecodeCommitments(body, end-start)
}

// Entries implements Source.
func (s *HTTPSource) Entries(ctx context.Context, start, end int64) ([][]byte, error) {
	body, err := s.get(ctx, rangePath("entries", start, end), maxEntriesBytes)
	if err != nil {
		return nil, err
	}
	return DecodeEntries(body)
}

func rangePath(what string, start, end int64) string {
	return what + "?start=" + strconv.FormatInt(start, 10) + "&end=" + strconv.FormatInt(end, 10)
}

// get reads s.base+path, failing on a status other than 200 or a body over
// limit bytes.
func (s *HTTPSource) get(ctx context.Context, path string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		return nil, fmt.Errorf("mirror: request %s: %w", path, err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("mirror: GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("mirror: GET %s: read: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("mirror: GET %s: status %d: %.200s", path, resp.StatusCode, body)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("mirror: GET %s: response over %d bytes", path, limit)
	}
	return body, nil
}

// DecodeCommitments decodes a commitments response: exactly n
// concatenated 32-byte hashes, n ≤ MaxRange.
func DecodeCommitments(body []byte, n int64) ([]tlog.Hash, error) {
	if n < 0 || n > MaxRange || int64(len(body)) != n*tlog.HashSize {
		return nil, fmt.Errorf("mirror: commitments response of %d bytes, want %d commitments", len(body), n)
	}
	return splitHashes(body)
}

// DecodeEntries decodes an entries response: canonical entries, one per
// line, each line ending in "\n" (canonical JSON holds no raw newline), at
// most MaxRange of them. It checks the framing only; the mirror checks
// each entry.
func DecodeEntries(body []byte) ([][]byte, error) {
	if len(body) == 0 {
		return nil, nil
	}
	if body[len(body)-1] != '\n' {
		return nil, errors.New("mirror: entries response does not end in a newline")
	}
	lines := bytes.Split(body[:len(body)-1], []byte("\n"))
	if len(lines) > MaxRange {
		return nil, fmt.Errorf("mirror: entries response of %d entries, more than %d", len(lines), MaxRange)
	}
	for i, l := range lines {
		if len(l) == 0 {
			return nil, fmt.Errorf("mirror: entries response: line %d is empty", i+1)
		}
	}
	return lines, nil
}
