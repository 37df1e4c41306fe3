package incidents

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"truce/internal/atomicfile"
	"truce/internal/fault"
)

// EvidenceTypes lists the media types accepted for evidence files. The
// type is sniffed from the content (net/http.DetectContentType), never
// taken from the sender.
var EvidenceTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf",
	"text/plain; charset=utf-8", "video/mp4", "audio/mpeg", "application/zip"}

// DefaultMaxEvidence is the default size limit of one evidence file. The
// node's limit is the smaller of this and its request body limit
// (--max-body, 1 MiB by default): see app.Open.
const DefaultMaxEvidence = 16 << 20

// TooLargeError is the error of Put for content over the store's limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the evidence file is larger than %d bytes", e.Limit)
}

// EvidenceStore keeps evidence files content-addressed by SHA-256 under a
// directory (the node's data directory's evidence/): a file's name is its
// hash, so a file cannot be swapped without its hash, which is in the log
// entry of the incident that cites it, changing. Files are written once and
// never modified.
type EvidenceStore struct {
	Dir     string
	MaxSize int64
}

// NewEvidenceStore returns a store under dir (created if needed) accepting
// files up to maxSize bytes (DefaultMaxEvidence if ≤ 0).
func NewEvidenceStore(dir string, maxSize int64) (*EvidenceStore, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxEvidence
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("incidents: evidence directory: %w", err)
	}
	return &EvidenceStore{Dir: dir, MaxSize: maxSize}, nil
}

func (s *EvidenceStore) path(sha string) string { return filepath.Join(s.Dir, sha[:2], sha) }

// Put stores the content of r and returns its description. It returns a
// *TooLargeError if the content is larger than MaxSize, and an
// *fault.InvalidError (field body) if it is empty or not of an accepted
// type; it then stores nothing. Storing the same content twice is harmless.
func (s *EvidenceStore) Put(r io.Reader) (Evidence, error) {
	tmp, err := os.CreateTemp(s.Dir, "upload-*")
	if err != nil {
		return Evidence{}, fmt.Errorf("incidents: evidence: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	head := make([]byte, 0, 512)
	n, err := io.Copy(io.MultiWriter(tmp, h, &prefix{buf: &head}), io.LimitReader(r, s.MaxSize+1))
	if err != nil {
		return Evidence{}, fmt.Errorf("incidents: evidence: %w", err)
	}
	if n == 0 {
		return Evidence{}, fault.Invalid("body", "the evidence file is empty")
	}
	if n > s.MaxSize {
		return Evidence{}, &TooLargeError{Limit: s.MaxSize}
	}
	mt := http.DetectContentType(head)
	if !slices.Contains(EvidenceTypes, mt) {
		return Evidence{}, fault.Invalid("body", "files of type %q are not accepted; use one of %v", mt, EvidenceTypes)
	}
	ev := Evidence{SHA256: hex.EncodeToString(h.Sum(nil)), MediaType: mt, Size: n}
	if err := tmp.Sync(); err != nil {
		return Evidence{}, fmt.Errorf("incidents: evidence: %w", err)
	}
	dst := s.path(ev.SHA256)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return Evidence{}, fmt.Errorf("incidents: evidence: %w", err)
	}
	if _, err := os.Stat(dst + ".json"); err == nil { // the description is written last
		return ev, nil
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Evidence{}, fmt.Errorf("incidents: evidence: %w", err)
	}
	meta, _ := json.Marshal(ev)
	if err := atomicfile.Write(dst+".json", meta, 0o644); err != nil {
		return Evidence{}, fmt.Errorf("incidents: evidence: %w", err)
	}
	return ev, nil
}

// Stat returns the description of the file with hash sha, if stored.
func (s *EvidenceStore) Stat(sha string) (Evidence, bool) {
	if !sha256Pattern.MatchString(sha) {
		return Evidence{}, false
	}
	meta, err := os.ReadFile(s.path(sha) + ".json")
	if err != nil {
		return Evidence{}, false
	}
	var ev Evidence
	if json.Unmarshal(meta, &ev) != nil {
		return Evidence{}, false
	}
	if _, err := os.Stat(s.path(sha)); err != nil {
		return Evidence{}, false
	}
	return ev, true
}

// Open returns the file with hash sha after checking that its content still
// hashes to sha; fault.ErrNotFound if it is missing, and an error if it was
// altered.
func (s *EvidenceStore) Open(sha string) ([]byte, error) {
	if !sha256Pattern.MatchString(sha) {
		return nil, fault.ErrNotFound
	}
	b, err := os.ReadFile(s.path(sha))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("evidence %s: %w", sha, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("incidents: evidence %s: %w", sha, err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != sha {
		return nil, fmt.Errorf("incidents: evidence file %s was altered: its content no longer matches its hash", sha)
	}
	return b, nil
}

// prefix keeps the first 512 bytes written to it, for type sniffing.
type prefix struct{ buf *[]byte }

func (p *prefix) Write(b []byte) (int, error) {
	if room := 512 - len(*p.buf); room > 0 {
		*p.buf = append(*p.buf, b[:min(room, len(b))]...)
	}
	return len(b), nil
}
