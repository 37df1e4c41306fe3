package stix

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Writer streams one STIX bundle, {"type":"bundle","id":…,"objects":[…]},
// writing each object as it is given. It remembers only the ids passed to
// Once, so its memory does not grow with the number of objects written.
// A Writer is not safe for concurrent use.
type Writer struct {
	w    *bufio.Writer
	enc  *json.Encoder
	n    int
	seen map[string]bool
	err  error
}

// NewWriter starts a bundle with id bundleID on w. It returns an error if
// bundleID is not a bundle identifier or the header cannot be written.
func NewWriter(w io.Writer, bundleID string) (*Writer, error) {
	if !ValidID(bundleID, "bundle") {
		return nil, fmt.Errorf("stix: %q is not a bundle id", bundleID)
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	id, _ := json.Marshal(bundleID)
	if _, err := fmt.Fprintf(bw, "{\"type\":\"bundle\",\"id\":%s,\"objects\":[\n", id); err != nil {
		return nil, fmt.Errorf("stix: write bundle header: %w", err)
	}
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &Writer{w: bw, enc: enc, seen: map[string]bool{}}, nil
}

// Write appends obj (any STIX object that encodes to JSON) to the bundle.
// After an error every later call returns it.
func (w *Writer) Write(obj any) error {
	if w.err != nil {
		return w.err
	}
	if w.n > 0 {
		w.w.WriteByte(',')
	}
	// The encoder marshals the whole object before writing it, and ends
	// it with a newline: one object per line.
	if err := w.enc.Encode(obj); err != nil {
		w.err = fmt.Errorf("stix: write object %d: %w", w.n, err)
		return w.err
	}
	w.n++
	return nil
}

// Once writes obj unless an object with the same id was written by Once
// before: shared objects (identities, markings) appear once per bundle.
func (w *Writer) Once(id string, obj any) error {
	if w.seen[id] {
		return w.err
	}
	w.seen[id] = true
	return w.Write(obj)
}

// Count returns the number of objects written so far.
func (w *Writer) Count() int { return w.n }

// Flush sends what is buffered to the underlying writer (so that a client
// sees progress on a long export).
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		w.err = fmt.Errorf("stix: flush: %w", err)
	}
	return w.err
}

// Close ends the bundle and flushes it. It does not close the underlying
// writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if _, err := w.w.WriteString("]}\n"); err != nil {
		return fmt.Errorf("stix: end bundle: %w", err)
	}
	return w.Flush()
}
