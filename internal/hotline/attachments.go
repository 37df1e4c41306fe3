package hotline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"truce/internal/fault"
)

// DefaultMaxAttachment is the default size limit of one attachment.
const DefaultMaxAttachment = 4 << 20

// AttachmentStore keeps attachments content-addressed by SHA-256 under a
// directory: a file's name is its hash, which the message.sent entry
// records, so a file cannot be swapped unnoticed. Files are written once.
type AttachmentStore struct {
	Dir     string
	MaxSize int64
}

// NewAttachmentStore returns a store under dir (created if needed) for
// files up to maxSize bytes (DefaultMaxAttachment if ≤ 0).
func NewAttachmentStore(dir string, maxSize int64) (*AttachmentStore, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxAttachment
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("hotline: attachments directory: %w", err)
	}
	return &AttachmentStore{Dir: dir, MaxSize: maxSize}, nil
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *AttachmentStore) path(sha string) string { return filepath.Join(s.Dir, sha) }

// Put stores r's content and returns its description; the media type is
// sniffed from the content. Returns *fault.InvalidError if the content is
// empty or larger than MaxSize.
func (s *AttachmentStore) Put(r io.Reader, name string) (Attachment, error) {
	if len(name) > 255 {
		return Attachment{}, fault.Invalid("name", "at most 255 bytes")
	}
	tmp, err := os.CreateTemp(s.Dir, "upload-*")
	if err != nil {
		return Attachment{}, fmt.Errorf("hotline: attachment: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	head := &headBuf{}
	n, err := io.Copy(io.MultiWriter(tmp, h, head), io.LimitReader(r, s.MaxSize+1))
	if err != nil {
		return Attachment{}, fmt.Errorf("hotline: attachment: %w", err)
	}
	if n == 0 {
		return Attachment{}, fault.Invalid("body", "the attachment is empty")
	}
	if n > s.MaxSize {
		return Attachment{}, fault.Invalid("body", "the attachment is larger than %d bytes", s.MaxSize)
	}
	a := Attachment{SHA256: hex.EncodeToString(h.Sum(nil)), Name: name, MediaType: http.DetectContentType(head.b), Size: n}
	if err := tmp.Sync(); err != nil {
		return Attachment{}, err
	}
	if _, err := os.Stat(s.path(a.SHA256)); err == nil {
		return a, nil
	}
	if err := os.Rename(tmp.Name(), s.path(a.SHA256)); err != nil {
		return Attachment{}, fmt.Errorf("hotline: attachment: %w", err)
	}
	return a, nil
}

// Stat returns the size of stored attachment sha, or fault.ErrNotFound.
func (s *AttachmentStore) Stat(sha string) (int64, error) {
	if !shaPattern.MatchString(sha) {
		return 0, fmt.Errorf("attachment %q: %w", sha, fault.ErrNotFound)
	}
	fi, err := os.Stat(s.path(sha))
	if errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("attachment %s: %w", sha, fault.ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// Open opens stored attachment sha; fault.ErrNotFound if absent.
func (s *AttachmentStore) Open(sha string) (*os.File, error) {
	if _, err := s.Stat(sha); err != nil {
		return nil, err
	}
	return os.Open(s.path(sha))
}

type headBuf struct{ b []byte }

func (h *headBuf) Write(p []byte) (int, error) {
	if room := 512 - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// Describe returns the description of stored attachment sha (size and
// sniffed media type), or fault.ErrNotFound.
func (s *AttachmentStore) Describe(sha string) (Attachment, error) {
	f, err := s.Open(sha)
	if err != nil {
		return Attachment{}, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	fi, err := f.Stat()
	if err != nil {
		return Attachment{}, err
	}
	return Attachment{SHA256: sha, MediaType: http.DetectContentType(head[:n]), Size: fi.Size()}, nil
}
